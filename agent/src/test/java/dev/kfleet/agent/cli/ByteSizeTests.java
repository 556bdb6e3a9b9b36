package dev.kfleet.agent.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ByteSizeTests {

	@ParameterizedTest
	@CsvSource({ "0, 0 B", "1023, 1023 B", "28672, 28 KiB", "3670016, 3.5 MiB", "16773120, 16 MiB",
			"18608128, 17.7 MiB", "-28672, -28 KiB", "1099511627776, 1 TiB" })
	void formatsInBinaryUnitsToOneDecimal(long bytes, String text) {
		assertThat(ByteSize.format(bytes)).isEqualTo(text);
	}

}
