import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs SQL for the bench scripts where no psql is installed (faults.sh runs its own
 * PostgreSQL, perhaps zonky's binaries, which have no client):
 * {@code java -cp <postgresql jdbc jar>:<classes> Sql JDBC_URL SQL...}. Each statement runs in
 * turn, autocommit; rows are printed tab-separated, NULL as {@code \N}. Exit 1 on an error, with
 * the message on stderr.
 */
class Sql {

	public static void main(String[] args) {
		try (Connection connection = DriverManager.getConnection(args[0])) {
			for (int i = 1; i < args.length; i++) {
				try (Statement statement = connection.createStatement()) {
					if (statement.execute(args[i])) {
						print(statement.getResultSet());
					}
				}
			}
		}
		catch (SQLException ex) {
			System.err.println("Sql: " + ex.getMessage());
			System.exit(1);
		}
	}

	private static void print(ResultSet rows) throws SQLException {
		int columns = rows.getMetaData().getColumnCount();
		StringBuilder out = new StringBuilder();
		while (rows.next()) {
			for (int c = 1; c <= columns; c++) {
				String value = rows.getString(c);
				out.append(c > 1 ? "\t" : "").append(value == null ? "\\N" : value);
			}
			out.append('\n');
		}
		System.out.print(out);
	}

}
