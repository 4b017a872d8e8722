package dev.capnweb.internal;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LongTableTest {
    @Test
    void behavesAsAHashMapUnderRandomOperations() {
        // Keys from small ranges (sequential IDs, negative IDs, keys colliding in the low bits)
        // so probe runs wrap, grow and are cut by removals.
        Random random = new Random(7);
        for (long range : new long[] {8, 40, 1_000}) {
            LongTable<String> table = new LongTable<>();
            Map<Long, String> model = new HashMap<>();
            for (int op = 0; op < 200_000; op++) {
                long key = random.nextInt((int) range) - range / 4;
                if (random.nextInt(3) == 0) {
                    key = key * 1024;
                }
                switch (random.nextInt(4)) {
                    case 0, 1 -> assertThat(table.put(key, "v" + op)).isEqualTo(model.put(key, "v" + op));
                    case 2 -> assertThat(table.remove(key)).isEqualTo(model.remove(key));
                    default -> {
                        assertThat(table.get(key)).isEqualTo(model.get(key));
                        assertThat(table.containsKey(key)).isEqualTo(model.containsKey(key));
                    }
                }
                assertThat(table.size()).isEqualTo(model.size());
            }
            for (long key = -range * 1024; key <= range * 1024; key++) {
                assertThat(table.get(key)).isEqualTo(model.get(key));
            }
            assertThat(table.values()).containsExactlyInAnyOrderElementsOf(model.values());
        }
    }

    @Test
    void clearEmptiesTheTable() {
        LongTable<String> table = new LongTable<>();
        for (long id = 0; id < 1_000; id++) {
            table.put(id, "x");
        }
        table.clear();
        assertThat(table.size()).isZero();
        assertThat(table.get(5)).isNull();
        assertThat(table.values()).isEmpty();
        table.put(5, "y");
        assertThat(table.get(5)).isEqualTo("y");
    }

    @Test
    void nullValuesAreRefused() {
        assertThatThrownBy(() -> new LongTable<String>().put(1, null)).isInstanceOf(NullPointerException.class);
    }
}
