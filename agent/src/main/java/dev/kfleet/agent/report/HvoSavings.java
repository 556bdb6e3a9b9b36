package dev.kfleet.agent.report;

import java.util.List;

/**
 * What HVO gave back and could still give back.
 *
 * @param reclaimedBytes vmemmap bytes freed by HVO now; reported as computed, never
 * clamped (see {@code consistent})
 * @param method how {@code reclaimedBytes} was obtained
 * @param accuracy whether {@code reclaimedBytes} is exact or an estimate
 * @param reclaimableBytes vmemmap bytes freed if every current HugeTLB page were
 * optimized
 * @param additionalBytes {@code reclaimableBytes - reclaimedBytes}: what turning HVO on
 * and rebuilding the pools would add
 * @param consistent false when a check below found the figures contradict each other
 * @param findings the checks that failed, and the caveats that apply
 */
public record HvoSavings(Reading<Long> reclaimedBytes, Reading<ReclaimedMethod> method, Reading<Accuracy> accuracy,
		Reading<Long> reclaimableBytes, Reading<Long> additionalBytes, boolean consistent,
		List<SavingsFinding> findings) {

	public HvoSavings {
		findings = List.copyOf(findings);
	}

}
