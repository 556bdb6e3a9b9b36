package dev.kfleet.observations;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLinesTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void hidesTheKernelsAndEveryProcesssCommandLineWithTheReasonBesideIt() {
		JsonNode report = JSON.readTree(
				"""
						{"kernel":{"release":"6.18","commandLine":"root=/dev/vda password=hunter2","unknown":{"bootId":"absent"}},
						 "vduse":{"devices":[{"name":"vduse0",
						   "backends":[{"pid":7,"comm":"qsd","cmdline":"qsd --secret=s3cr3t"}],
						   "consumer":{"nodes":[{"name":"vda","holders":[{"pid":9,"comm":"qemu","cmdline":null,
						     "unknown":{"cmdline":"unreadable: /proc/9/cmdline"}}]}]}}]}}""");
		JsonNode hidden = CommandLines.hiddenIn(report);
		assertThat(hidden.toString()).doesNotContain("hunter2", "s3cr3t");
		assertThat(hidden.at("/kernel/commandLine").isNull()).isTrue();
		assertThat(hidden.at("/kernel/unknown/commandLine").stringValue()).isEqualTo(CommandLines.HIDDEN);
		assertThat(hidden.at("/kernel/unknown/bootId").stringValue()).isEqualTo("absent");
		assertThat(hidden.at("/kernel/release").stringValue()).isEqualTo("6.18");
		JsonNode backend = hidden.at("/vduse/devices/0/backends/0");
		assertThat(backend.get("cmdline").isNull()).isTrue();
		assertThat(backend.at("/unknown/cmdline").stringValue()).isEqualTo(CommandLines.HIDDEN);
		assertThat(backend.get("comm").stringValue()).isEqualTo("qsd");
		assertThat(hidden.at("/vduse/devices/0/consumer/nodes/0/holders/0/unknown/cmdline").stringValue())
			.as("a command line that was unknown keeps its reason")
			.startsWith("unreadable");
		assertThat(report.at("/kernel/commandLine").stringValue()).as("the stored report is left alone")
			.contains("hunter2");
	}

	@Test
	void theProgramsNameIsTheLastPathElementOfTheFirstWord() {
		assertThat(CommandLines.programName("/usr/bin/qemu-storage-daemon --blockdev driver=file,filename=/a"))
			.isEqualTo("qemu-storage-daemon");
		assertThat(CommandLines.programName("qemu-storage-daemon --export x")).isEqualTo("qemu-storage-daemon");
		assertThat(CommandLines.programName("qsd")).isEqualTo("qsd");
		assertThat(CommandLines.programName("  ./qsd\t--key=abc")).isEqualTo("qsd");
		assertThat(CommandLines.programName(null)).isNull();
	}

}
