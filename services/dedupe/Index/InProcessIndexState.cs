namespace Sluice.Dedupe.Index;

/// <summary>The in-process index's tables, and their binary form (entries sorted, so equal content saves equal bytes).</summary>
internal sealed class InProcessIndexState : IIndexView
{
    public Dictionary<string, StoredDecision> Decisions { get; } = new(StringComparer.Ordinal);

    public Dictionary<UInt128, string> ExactKeys { get; } = [];

    public Dictionary<ulong, List<string>> Bands { get; } = [];

    public Dictionary<string, KeptDocument> Kept { get; } = new(StringComparer.Ordinal);

    public Dictionary<ulong, string> Segments { get; } = [];

    public StoredDecision? Decision(string documentId) => Decisions.GetValueOrDefault(documentId);

    public string? ExactOwner(UInt128 contentHash) => ExactKeys.GetValueOrDefault(contentHash);

    public IEnumerable<string> BandMembers(ulong bandKey) => Bands.TryGetValue(bandKey, out var members) ? members : [];

    KeptDocument? IIndexView.Kept(string documentId) => Kept.GetValueOrDefault(documentId);

    public void Apply(ClaimWrites writes)
    {
        foreach (var (id, decision) in writes.Decisions)
        {
            Decisions[id] = decision;
        }

        foreach (var (hash, id) in writes.ExactKeys)
        {
            ExactKeys.TryAdd(hash, id);
        }

        foreach (var (key, id) in writes.BandRows)
        {
            if (!Bands.TryGetValue(key, out var members))
            {
                Bands[key] = members = [];
            }

            members.Add(id);
        }

        foreach (var (id, kept) in writes.Kept)
        {
            Kept[id] = kept;
        }
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Decisions.Count);
        foreach (var (id, stored) in Decisions.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.Write(id);
            writer.Write(stored.ShardKey);
            WriteHash(writer, stored.ContentHash);
            writer.Write((byte)stored.Decision.Verdict);
            writer.Write(stored.Decision.DuplicateOf ?? string.Empty);
            writer.Write(stored.Decision.Similarity);
        }

        writer.Write(ExactKeys.Count);
        foreach (var (hash, id) in ExactKeys.OrderBy(e => e.Key))
        {
            WriteHash(writer, hash);
            writer.Write(id);
        }

        writer.Write(Bands.Count);
        foreach (var (key, members) in Bands.OrderBy(e => e.Key))
        {
            writer.Write(key);
            writer.Write(members.Count);
            foreach (var id in members)
            {
                writer.Write(id);
            }
        }

        writer.Write(Kept.Count);
        foreach (var (id, kept) in Kept.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.Write(id);
            WriteValues(writer, kept.Signature);
            writer.Write(kept.ShingleSet is not null);
            if (kept.ShingleSet is not null)
            {
                WriteValues(writer, kept.ShingleSet);
            }
        }

        writer.Write(Segments.Count);
        foreach (var (hash, id) in Segments.OrderBy(e => e.Key))
        {
            writer.Write(hash);
            writer.Write(id);
        }
    }

    public void Read(BinaryReader reader)
    {
        var decisions = ReadCount(reader);
        for (var i = 0; i < decisions; i++)
        {
            var id = reader.ReadString();
            var shard = reader.ReadString();
            var hash = ReadHash(reader);
            var verdict = (DedupeVerdict)reader.ReadByte();
            var duplicateOf = reader.ReadString();
            var similarity = reader.ReadDouble();
            Decisions[id] = new StoredDecision(shard, hash, new DedupeDecision(id, verdict, duplicateOf.Length == 0 ? null : duplicateOf, similarity));
        }

        var exact = ReadCount(reader);
        for (var i = 0; i < exact; i++)
        {
            var hash = ReadHash(reader);
            ExactKeys[hash] = reader.ReadString();
        }

        var bands = ReadCount(reader);
        for (var i = 0; i < bands; i++)
        {
            var key = reader.ReadUInt64();
            var count = ReadCount(reader);
            var members = new List<string>(count);
            for (var m = 0; m < count; m++)
            {
                members.Add(reader.ReadString());
            }

            Bands[key] = members;
        }

        var kept = ReadCount(reader);
        for (var i = 0; i < kept; i++)
        {
            var id = reader.ReadString();
            var signature = ReadValues(reader);
            var shingles = reader.ReadBoolean() ? ReadValues(reader) : null;
            Kept[id] = new KeptDocument(id, signature, shingles);
        }

        var segments = ReadCount(reader);
        for (var i = 0; i < segments; i++)
        {
            var hash = reader.ReadUInt64();
            Segments[hash] = reader.ReadString();
        }

        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new InvalidDataException("trailing bytes after the last table");
        }
    }

    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count >= 0 ? count : throw new InvalidDataException($"negative entry count {count}");
    }

    private static void WriteHash(BinaryWriter writer, UInt128 hash)
    {
        writer.Write((ulong)(hash >> 64));
        writer.Write((ulong)hash);
    }

    private static UInt128 ReadHash(BinaryReader reader)
    {
        var upper = reader.ReadUInt64();
        var lower = reader.ReadUInt64();
        return new UInt128(upper, lower);
    }

    private static void WriteValues(BinaryWriter writer, uint[] values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static uint[] ReadValues(BinaryReader reader)
    {
        var values = new uint[ReadCount(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadUInt32();
        }

        return values;
    }
}
