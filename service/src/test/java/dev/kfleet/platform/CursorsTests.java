package dev.kfleet.platform;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CursorsTests {

	@Test
	void aCursorCarriesTheKeyOfItsList() {
		UUID id = UUID.randomUUID();
		assertThat(Cursors.decodeId("hosts", Cursors.encode("hosts", id.toString()))).isEqualTo(id);
		assertThat(Cursors.encode("hosts", id.toString())).matches("[A-Za-z0-9_-]+");
	}

	@Test
	void noCursorMeansTheFirstPage() {
		assertThat(Cursors.decodeId("hosts", null)).isNull();
		assertThat(Cursors.decodeId("hosts", "")).isNull();
	}

	@Test
	void refusesCursorsOfOtherListsAndGarbage() {
		String tokens = Cursors.encode("tokens", UUID.randomUUID().toString());
		for (String cursor : List.of(tokens, "***", "bm9wZQ", Cursors.encode("hosts", "x"),
				Cursors.encode("hostsx", UUID.randomUUID().toString()))) {
			assertThatExceptionOfType(ApiException.class).as(cursor)
				.isThrownBy(() -> Cursors.decodeId("hosts", cursor))
				.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(ApiProblem.INVALID_CURSOR));
		}
	}

	@Test
	void aPageWithOneRowMoreThanItsLimitHasANextCursor() {
		PageResponse<String> page = PageResponse.of(List.of("a", "b", "c"), 2, "letters", (s) -> s);
		assertThat(page.items()).containsExactly("a", "b");
		assertThat(Cursors.decode("letters", page.nextCursor())).isEqualTo("b");
		assertThat(PageResponse.of(List.of("a", "b"), 2, "letters", (s) -> s).nextCursor()).isNull();
	}

}
