package dev.kfleet.hosts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A machine kfleet knows. Its facts (hostname, kernel release) come from the machine; its
 * labels come from operators.
 *
 * @param id the host's id
 * @param machineId the machine's own id ({@code /etc/machine-id}), unique
 * @param hostname the host name it reported last
 * @param kernelRelease the kernel release it reported last ({@code uname -r})
 * @param labels the operators' labels
 * @param createdAt when it was registered
 * @param updatedAt when its facts or labels last changed
 * @param decommissionedAt when it was decommissioned, or {@code null} while active
 * @param version incremented by every change, for optimistic locking and ETags
 */
public record Host(UUID id, String machineId, String hostname, @Nullable String kernelRelease,
		SortedMap<String, String> labels, Instant createdAt, Instant updatedAt, @Nullable Instant decommissionedAt,
		long version) {

	public Host {
		labels = new TreeMap<>(labels);
	}

	static Host register(UUID id, String machineId, String hostname, @Nullable String kernelRelease,
			Map<String, String> labels, Instant now) {
		return new Host(id, machineId, hostname, kernelRelease, new TreeMap<>(labels), now, now, null, 0);
	}

	public boolean isDecommissioned() {
		return this.decommissionedAt != null;
	}

	/**
	 * This host with the facts its machine reports now; re-activated if it was
	 * decommissioned.
	 */
	Host withFacts(String hostname, @Nullable String kernelRelease, Instant now) {
		if (hostname.equals(this.hostname) && Objects.equals(kernelRelease, this.kernelRelease)
				&& !isDecommissioned()) {
			return this;
		}
		return new Host(this.id, this.machineId, hostname, kernelRelease, this.labels, this.createdAt, now, null,
				this.version);
	}

	/**
	 * This host running another kernel; it stays as active or decommissioned as it was.
	 */
	Host withKernelRelease(String kernelRelease, Instant now) {
		if (kernelRelease.equals(this.kernelRelease)) {
			return this;
		}
		return new Host(this.id, this.machineId, this.hostname, kernelRelease, this.labels, this.createdAt, now,
				this.decommissionedAt, this.version);
	}

	Host withLabels(Map<String, String> labels, Instant now) {
		if (labels.equals(this.labels)) {
			return this;
		}
		return new Host(this.id, this.machineId, this.hostname, this.kernelRelease, new TreeMap<>(labels),
				this.createdAt, now, this.decommissionedAt, this.version);
	}

	Host decommissioned(Instant now) {
		if (isDecommissioned()) {
			return this;
		}
		return new Host(this.id, this.machineId, this.hostname, this.kernelRelease, this.labels, this.createdAt, now,
				now, this.version);
	}

	/** The strong ETag of this version of the host. */
	public String etag() {
		return "\"" + this.version + "\"";
	}

}
