namespace Sluice.Tokenizer.Bpe;

/// <summary>A slot of <see cref="RankedVocabulary"/>'s hash table: the key's first 8 bytes, its rank, and a check word (hash bits and length; 0 = empty).</summary>
internal struct RankSlot
{
    public ulong Prefix;
    public int Rank;
    public uint Check;
}
