package dev.kfleet.agent.hvo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.report.NodePool;
import dev.kfleet.agent.report.Reading;

/**
 * Reads the HugeTLB pools from {@code /sys/kernel/mm/hugepages} and their per-node shares
 * from {@code /sys/devices/system/node/node<N>/hugepages}.
 */
final class PoolReader {

	static final String HUGEPAGES = "/sys/kernel/mm/hugepages";

	static final String NODES = "/sys/devices/system/node";

	private static final Pattern POOL = Pattern.compile("hugepages-([0-9]{1,12})kB");

	private static final Pattern NODE = Pattern.compile("node([0-9]{1,5})");

	private PoolReader() {
	}

	static Reading<List<RawPool>> read(HostFiles files) {
		Reading<List<String>> names = files.list(HUGEPAGES);
		if (!names.isKnown()) {
			return Reading.unknown(names.unknownReason().orElseThrow() + " (kernel without HugeTLB support?)");
		}
		List<Integer> nodes = nodes(files);
		List<RawPool> pools = new ArrayList<>();
		for (String name : names.orElseThrow()) {
			Matcher matcher = POOL.matcher(name);
			if (matcher.matches()) {
				pools.add(readPool(files, name, Long.parseLong(matcher.group(1)) * 1024, nodes));
			}
		}
		pools.sort(Comparator.comparingLong(RawPool::sizeBytes));
		return Reading.of(List.copyOf(pools));
	}

	private static RawPool readPool(HostFiles files, String name, long sizeBytes, List<Integer> nodes) {
		String dir = HUGEPAGES + "/" + name + "/";
		List<NodePool> nodePools = new ArrayList<>();
		for (int node : nodes) {
			String nodeDir = NODES + "/node" + node + "/hugepages/" + name + "/";
			if (files.isDirectory(nodeDir)) {
				nodePools.add(new NodePool(node, files.readCount(nodeDir + "nr_hugepages"),
						files.readCount(nodeDir + "free_hugepages"), files.readCount(nodeDir + "surplus_hugepages")));
			}
		}
		Reading<List<NodePool>> perNode = nodes.isEmpty() ? Reading.unknown("no NUMA node directories in " + NODES)
				: Reading.of(List.copyOf(nodePools));
		return new RawPool(name, sizeBytes, files.readCount(dir + "nr_hugepages"),
				files.readCount(dir + "free_hugepages"), files.readCount(dir + "resv_hugepages"),
				files.readCount(dir + "surplus_hugepages"), files.readCount(dir + "nr_overcommit_hugepages"), perNode);
	}

	private static List<Integer> nodes(HostFiles files) {
		List<Integer> nodes = new ArrayList<>();
		for (String name : files.list(NODES).orElse(List.of())) {
			Matcher matcher = NODE.matcher(name);
			if (matcher.matches()) {
				nodes.add(Integer.parseInt(matcher.group(1)));
			}
		}
		nodes.sort(Comparator.naturalOrder());
		return nodes;
	}

	/**
	 * A pool as read, before the vmemmap arithmetic.
	 *
	 * @param name the directory name
	 * @param sizeBytes the HugeTLB page size
	 * @param total {@code nr_hugepages}
	 * @param free {@code free_hugepages}
	 * @param reserved {@code resv_hugepages}
	 * @param surplus {@code surplus_hugepages}
	 * @param overcommit {@code nr_overcommit_hugepages}
	 * @param nodes the per-node shares
	 */
	record RawPool(String name, long sizeBytes, Reading<Long> total, Reading<Long> free, Reading<Long> reserved,
			Reading<Long> surplus, Reading<Long> overcommit, Reading<List<NodePool>> nodes) {
	}

}
