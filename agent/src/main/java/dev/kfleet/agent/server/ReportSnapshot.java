package dev.kfleet.agent.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.ReportJson;
import dev.kfleet.agent.report.VduseReport;

/**
 * A report as it would be sent: its compact JSON, the hash of that JSON (the contract's
 * {@code reportHash}), and a content hash that leaves out what changes on every
 * collection without the host changing ({@code collectedAt} and the process scan's
 * counts), which decides whether the report "changed".
 *
 * @param json the compact JSON
 * @param hash the lowercase hex SHA-256 of {@code json}
 * @param contentHash the lowercase hex SHA-256 of the report without its volatile members
 */
public record ReportSnapshot(String json, String hash, String contentHash) {

	/**
	 * Serializes and hashes a report.
	 * @param report the report
	 * @return the snapshot
	 */
	public static ReportSnapshot of(HostReport report) {
		String json = ReportJson.toJson(report, false);
		return new ReportSnapshot(json, sha256(json), sha256(ReportJson.toJson(withoutVolatile(report), false)));
	}

	/**
	 * Returns the lowercase hex SHA-256 of a text's UTF-8 bytes.
	 * @param text the text
	 * @return 64 hex digits
	 */
	public static String sha256(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	private static HostReport withoutVolatile(HostReport report) {
		VduseReport vduse = report.vduse();
		return new HostReport(report.schemaVersion(), report.agent(), "-", report.kernel(), report.hvo(),
				new VduseReport(vduse.supported(), vduse.supportReason(), vduse.loaded(), vduse.modules(),
						vduse.devices(), Reading.unknown("left out of the content hash")));
	}

}
