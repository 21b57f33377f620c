package io.github.aipc4j.llm.tokenizer;

/**
 * An open-addressing map from long keys to non-negative int values, filled once, then only read. Key and value
 * share one slot of a long array (one cache line per probe).
 */
final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;
    /** slot i: table[2i] key, table[2i + 1] value */
    private long[] table;
    private int mask;
    private int size;

    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        allocate(capacity);
    }

    private void allocate(int capacity) {
        table = new long[capacity * 2];
        for (int i = 0; i < table.length; i += 2) {
            table[i] = EMPTY;
        }
        mask = capacity - 1;
        size = 0;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }

    /** Sets the value (a repeated key keeps the last value). */
    void put(long key, int value) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("reserved key");
        }
        if ((size + 1) * 2 > mask + 1) {
            grow();
        }
        int i = hash(key) & mask;
        while (table[2 * i] != EMPTY) {
            if (table[2 * i] == key) {
                table[2 * i + 1] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        table[2 * i] = key;
        table[2 * i + 1] = value;
        size++;
    }

    /** The value, or -1. */
    int get(long key) {
        long[] t = table;
        int i = hash(key) & mask;
        while (true) {
            long k = t[2 * i];
            if (k == key) {
                return (int) t[2 * i + 1];
            }
            if (k == EMPTY) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] old = table;
        allocate((mask + 1) * 2);
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != EMPTY) {
                put(old[i], (int) old[i + 1]);
            }
        }
    }

    @Override
    public String toString() {
        return "LongIntMap(" + size + " entries)";
    }
}
