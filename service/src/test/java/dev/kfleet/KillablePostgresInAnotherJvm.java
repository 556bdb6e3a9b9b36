package dev.kfleet;

/**
 * A JVM that starts a {@link KillablePostgres}, prints its postmaster's process id and
 * data directory on one line, and waits to be killed: {@link KillablePostgresTests} kills
 * it to show that the server dies with it.
 */
final class KillablePostgresInAnotherJvm {

	private KillablePostgresInAnotherJvm() {
	}

	static void main() throws InterruptedException {
		KillablePostgres postgres = KillablePostgres.start();
		System.out.println("postmaster " + postgres.postmaster().pid() + " " + postgres.dataDirectory());
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
