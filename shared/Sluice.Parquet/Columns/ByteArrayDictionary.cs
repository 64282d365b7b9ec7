namespace Sluice.Parquet.Columns;

/// <summary>
/// Builds the dictionary of a byte-array column chunk: distinct values in first-seen order and, for every value,
/// its dictionary index. Gives up (so the chunk is written PLAIN) once the distinct values pass a byte limit.
/// </summary>
internal sealed class ByteArrayDictionary
{
    private int[] _slots = new int[1024];
    private int[] _entryHashes = new int[256];

    /// <summary>For each dictionary entry, the index of the buffered value that first had it.</summary>
    public int[] Entries { get; private set; } = new int[256];

    public int Count { get; private set; }

    /// <summary>Bytes the dictionary page takes PLAIN (length prefixes included).</summary>
    public long PlainBytes { get; private set; }

    /// <summary>Fills <paramref name="indices"/> with each value's entry; false when the dictionary grew past <paramref name="limitBytes"/>.</summary>
    public bool TryBuild(ColumnBuffer buffer, int limitBytes, int[] indices)
    {
        Count = 0;
        PlainBytes = 0;
        Array.Clear(_slots);
        var bytes = buffer.Bytes;
        var offsets = buffer.Offsets;
        for (var i = 0; i < buffer.ValueCount; i++)
        {
            var value = bytes.AsSpan(offsets[i], offsets[i + 1] - offsets[i]);
            var hash = Hash(value);
            var mask = _slots.Length - 1;
            var slot = hash & mask;
            int entry;
            while (true)
            {
                var occupant = _slots[slot];
                if (occupant == 0)
                {
                    entry = Add(i, hash, value.Length);
                    if (PlainBytes > limitBytes)
                    {
                        return false;
                    }

                    _slots[slot] = entry + 1;
                    if (Count * 2 > _slots.Length)
                    {
                        Rehash();
                    }

                    break;
                }

                var candidate = occupant - 1;
                if (_entryHashes[candidate] == hash)
                {
                    var first = Entries[candidate];
                    if (bytes.AsSpan(offsets[first], offsets[first + 1] - offsets[first]).SequenceEqual(value))
                    {
                        entry = candidate;
                        break;
                    }
                }

                slot = (slot + 1) & mask;
            }

            indices[i] = entry;
        }

        return true;
    }

    private static int Hash(ReadOnlySpan<byte> value)
    {
        var hash = new HashCode();
        hash.AddBytes(value);
        return hash.ToHashCode() & int.MaxValue;
    }

    private int Add(int valueIndex, int hash, int length)
    {
        if (Count == Entries.Length)
        {
            var entries = Entries;
            Array.Resize(ref entries, Count * 2);
            Entries = entries;
            Array.Resize(ref _entryHashes, Count * 2);
        }

        Entries[Count] = valueIndex;
        _entryHashes[Count] = hash;
        PlainBytes += 4 + length;
        return Count++;
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var e = 0; e < Count; e++)
        {
            var slot = _entryHashes[e] & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = e + 1;
        }
    }
}
