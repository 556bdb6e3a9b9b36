package dev.kfleet.agent.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

import dev.kfleet.agent.report.HostReport;
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
 * @param contentHash the lowercase hex SHA-256 of the report's JSON without its volatile
 * members ({@link ReportJson.Written#content()})
 */
public record ReportSnapshot(String json, String hash, String contentHash) {

	/** What changes on every collection without the host changing. */
	private static final Set<ReportJson.Member> VOLATILE = Set.of(
			new ReportJson.Member(HostReport.class, "collectedAt"),
			new ReportJson.Member(VduseReport.class, "processScan"));

	/**
	 * Serializes and hashes a report.
	 * @param report the report
	 * @return the snapshot
	 */
	public static ReportSnapshot of(HostReport report) {
		ReportJson.Written written = ReportJson.toJson(report, VOLATILE);
		return new ReportSnapshot(written.json(), sha256(written.json()), sha256(written.content()));
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

}
