package dev.kfleet.agent.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Makes the simulated hosts of a seed: the same seed and index always give the same host
 * (kernel release, RAM, pools, HVO state, VDUSE devices, faults), so runs compare.
 */
final class FleetFactory {

	/** Release, share of the fleet (per mille). */
	private static final Object[][] RELEASES = { { "6.18.2-kfleet", 150 }, { "6.12.48+deb13-amd64", 300 },
			{ "6.8.0-85-generic", 200 }, { "6.1.0-40-amd64", 150 }, { "5.15.0-160-generic", 120 },
			{ "5.10.0-35-amd64", 80 } };

	private static final long[] RAM_GIB = { 64, 128, 256, 512, 1024 };

	private final long seed;

	private final FaultRates rates;

	FleetFactory(long seed, FaultRates rates) {
		this.seed = seed;
		this.rates = rates;
	}

	SimulatedHost host(int index) {
		SplittableRandom random = new SplittableRandom(this.seed * 0x9E3779B97F4A7C15L + index);
		KernelProfile profile = orphan(profile(random), index);
		SimulatedKernel kernel = kernel(profile, random);
		Faults faults = new Faults(random.nextDouble() < this.rates.failure(),
				random.nextDouble() < this.rates.offline(), random.nextDouble() < this.rates.flap(),
				random.nextDouble() < this.rates.late());
		if (faults.failsToApply()) {
			breakApplying(kernel, random);
		}
		String machineId = "sim-" + this.seed + "-" + index;
		return new SimulatedHost(index, machineId, "sim-" + index + ".fleet.example", kernel, faults, random.split());
	}

	/**
	 * The profile with a fraction of its VDUSE devices orphaned (their back end gone),
	 * chosen from a stream of its own so that the rest of the host is the same at any
	 * rate.
	 */
	private KernelProfile orphan(KernelProfile profile, int index) {
		if (this.rates.orphanedDevices() <= 0 || profile.vduseDevices().isEmpty()) {
			return profile;
		}
		SplittableRandom random = new SplittableRandom((this.seed * 0x9E3779B97F4A7C15L + index) ^ 0x5DEECE66DL);
		Map<String, String> devices = new LinkedHashMap<>();
		profile.vduseDevices()
			.forEach((name, kind) -> devices.put(name,
					(random.nextDouble() < this.rates.orphanedDevices()) ? kind + KernelProfile.ORPHANED : kind));
		return new KernelProfile(profile.release(), profile.minor(), profile.config(), profile.commandLine(),
				profile.bootId(), profile.memoryBlocks(), profile.runtimeSwitch(), profile.memmapCounters(),
				profile.onAtBoot(), devices);
	}

	static KernelProfile profile(SplittableRandom random) {
		String release = release(random.nextInt(1000));
		int minor = Integer.parseInt(release.substring(0, release.indexOf('.'))) * 1000
				+ Integer.parseInt(release.split("\\.")[1]);
		boolean hvo = minor >= 5014;
		boolean onAtBoot = hvo && random.nextInt(100) < 15;
		long ram = RAM_GIB[random.nextInt(RAM_GIB.length)];
		Map<String, String> devices = new LinkedHashMap<>();
		if (minor >= 5015 && random.nextInt(100) < 10) {
			int count = 1 + random.nextInt(3);
			for (int i = 0; i < count; i++) {
				devices.put("vduse" + i, (random.nextBoolean() ? "block/virtio_vdpa" : "block/vhost_vdpa"));
			}
		}
		String commandLine = "BOOT_IMAGE=/vmlinuz-" + release + " root=/dev/sda1 ro quiet"
				+ (onAtBoot ? " hugetlb_free_vmemmap=on" : "");
		return new KernelProfile(release, minor, config(minor), commandLine,
				new UUID(random.nextLong(), random.nextLong()).toString(), ram * 8, hvo && minor >= 5019, minor >= 6011,
				onAtBoot, devices);
	}

	private static SimulatedKernel kernel(KernelProfile profile, SplittableRandom random) {
		long ramPages2m = profile.memoryBlocks() * 64;
		List<ModeledPool> pools = new ArrayList<>();
		ModeledPool small = new ModeledPool(2L << 20, profile.freedPages(2L << 20), ramPages2m / 2);
		ModeledPool giant = new ModeledPool(1L << 30, profile.freedPages(1L << 30), profile.memoryBlocks() / 16);
		pools.add(small);
		pools.add(giant);
		int state = random.nextInt(100);
		boolean switchOn = profile.runtimeSwitch() && (profile.onAtBoot() || state < 40);
		SimulatedKernel kernel = new SimulatedKernel(profile, pools, profile.onAtBoot());
		kernel.allocate(small, ramPages2m * new int[] { 0, 5, 10, 25 }[random.nextInt(4)] / 100);
		if (random.nextInt(100) < 30) {
			kernel.allocate(giant, 1 + random.nextInt((int) Math.max(1, Math.min(64, profile.memoryBlocks() / 64))));
		}
		if (switchOn && !profile.onAtBoot()) {
			kernel.turnOnAfterBoot();
		}
		for (ModeledPool pool : pools) {
			kernel.use(pool, pool.total() * random.nextInt(80) / 100);
			pool.reserve(pool.free() * random.nextInt(5) / 100);
		}
		return kernel;
	}

	private static void breakApplying(SimulatedKernel kernel, SplittableRandom random) {
		if (random.nextBoolean()) {
			kernel.refuseWrites();
			return;
		}
		for (ModeledPool pool : kernel.pools()) {
			pool.capacity(Math.max(0, pool.total() - Math.max(1, pool.free() / 4)));
		}
	}

	private static String release(int perMille) {
		int sum = 0;
		for (Object[] release : RELEASES) {
			sum += (Integer) release[1];
			if (perMille < sum) {
				return (String) release[0];
			}
		}
		return (String) RELEASES[0][0];
	}

	/** The options, sorted as a report lists them (so a report copies them in order). */
	private static Map<String, String> config(int minor) {
		Map<String, String> config = new TreeMap<>();
		config.put("CONFIG_64BIT", "y");
		config.put("CONFIG_X86_64", "y");
		config.put("CONFIG_HUGETLBFS", "y");
		config.put("CONFIG_HUGETLB_PAGE", "y");
		config.put("CONFIG_SPARSEMEM_VMEMMAP", "y");
		config.put("CONFIG_PAGE_SIZE_4KB", "y");
		if (minor >= 5019) {
			config.put("CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP", "y");
			config.put("CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP_DEFAULT_ON", "n");
		}
		else if (minor >= 5014) {
			config.put("CONFIG_HUGETLB_PAGE_FREE_VMEMMAP", "y");
			config.put("CONFIG_HUGETLB_PAGE_FREE_VMEMMAP_DEFAULT_ON", "n");
		}
		String vdpa = (minor >= 5015) ? "m" : "n";
		for (String option : List.of("CONFIG_VDPA", "CONFIG_VDPA_USER", "CONFIG_VIRTIO_VDPA", "CONFIG_VHOST_VDPA")) {
			config.put(option, vdpa);
		}
		return config;
	}

}
