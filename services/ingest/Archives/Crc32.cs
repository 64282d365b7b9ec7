using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sluice.Ingest.Archives;

/// <summary>
/// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320) as the gzip trailer (RFC 1952) uses it. Long runs are folded
/// 64 bytes at a time with carry-less multiplication (PCLMULQDQ) where the processor has it; the rest, and every run
/// on other processors, goes through slicing-by-8 tables.
/// </summary>
internal sealed class Crc32
{
    // Below this a run is cheaper through the tables than setting up the folding.
    private const int FoldThreshold = 128;
    private const uint Polynomial = 0x04C11DB7;
    private static readonly uint[] Table = BuildTable();

    // Fold constants (x^(n+32) mod P, x^(n-32) mod P, bit-reflected), computed rather than written out so they cannot be mistyped.
    private static readonly Vector128<ulong> FoldBy512 = FoldConstants(512);
    private static readonly Vector128<ulong> FoldBy128 = FoldConstants(128);

    private uint _crc = 0xFFFFFFFFu;

    /// <summary>The CRC of everything appended so far.</summary>
    public uint Value => ~_crc;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _crc;
        if (data.Length >= FoldThreshold && Pclmulqdq.IsSupported)
        {
            var folded = data.Length & ~15;
            crc = Fold(crc, data[..folded]);
            data = data[folded..];
        }

        _crc = AppendWithTables(crc, data);
    }

    /// <summary>The table-driven CRC register after <paramref name="data"/>, from register <paramref name="crc"/> (no pre- or post-inversion).</summary>
    internal static uint AppendWithTables(uint crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        while (data.Length >= 8)
        {
            var low = crc ^ (uint)(data[0] | data[1] << 8 | data[2] << 16 | data[3] << 24);
            var high = (uint)(data[4] | data[5] << 8 | data[6] << 16 | data[7] << 24);
            crc = table[(7 * 256) + (low & 0xFF)] ^ table[(6 * 256) + ((low >> 8) & 0xFF)] ^ table[(5 * 256) + ((low >> 16) & 0xFF)] ^ table[(4 * 256) + (low >> 24)]
                ^ table[(3 * 256) + (high & 0xFF)] ^ table[(2 * 256) + ((high >> 8) & 0xFF)] ^ table[256 + ((high >> 16) & 0xFF)] ^ table[high >> 24];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>
    /// The CRC register after <paramref name="data"/> (a multiple of 16 bytes, at least 64). The register is folded into
    /// the first four bytes, the data is folded down to one 128-bit value congruent to it modulo the polynomial, and
    /// that value's 16 bytes, run through the tables from a zero register, give the same register as the whole data.
    /// </summary>
    private static uint Fold(uint crc, ReadOnlySpan<byte> data)
    {
        ref var start = ref MemoryMarshal.GetReference(data);
        var x0 = Vector128.LoadUnsafe(ref start).AsUInt64() ^ Vector128.CreateScalar((ulong)crc);
        var x1 = Vector128.LoadUnsafe(ref start, 16).AsUInt64();
        var x2 = Vector128.LoadUnsafe(ref start, 32).AsUInt64();
        var x3 = Vector128.LoadUnsafe(ref start, 48).AsUInt64();
        nuint offset = 64;
        var length = (nuint)data.Length;
        var by512 = FoldBy512;
        while (length - offset >= 64)
        {
            x0 = FoldInto(x0, by512, Vector128.LoadUnsafe(ref start, offset).AsUInt64());
            x1 = FoldInto(x1, by512, Vector128.LoadUnsafe(ref start, offset + 16).AsUInt64());
            x2 = FoldInto(x2, by512, Vector128.LoadUnsafe(ref start, offset + 32).AsUInt64());
            x3 = FoldInto(x3, by512, Vector128.LoadUnsafe(ref start, offset + 48).AsUInt64());
            offset += 64;
        }

        var by128 = FoldBy128;
        var x = FoldInto(FoldInto(FoldInto(x0, by128, x1), by128, x2), by128, x3);
        while (length - offset >= 16)
        {
            x = FoldInto(x, by128, Vector128.LoadUnsafe(ref start, offset).AsUInt64());
            offset += 16;
        }

        Span<byte> rest = stackalloc byte[16];
        x.AsByte().CopyTo(rest);
        return AppendWithTables(0, rest);
    }

    /// <summary>Moves <paramref name="x"/> forward by the distance <paramref name="constants"/> were made for and adds it to <paramref name="next"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> FoldInto(Vector128<ulong> x, Vector128<ulong> constants, Vector128<ulong> next) =>
        Pclmulqdq.CarrylessMultiply(x, constants, 0x00) ^ Pclmulqdq.CarrylessMultiply(x, constants, 0x11) ^ next;

    /// <summary>
    /// Constants that fold 128 bits forward by <paramref name="distance"/> bits: the first 64 bits of the block (the
    /// higher powers, in gzip's reflected order) are multiplied by x^(distance+32) mod P and the last 64 by
    /// x^(distance-32) mod P; the extra x^32 lost by multiplying with 33-bit reflected constants is put back this way.
    /// </summary>
    private static Vector128<ulong> FoldConstants(int distance) =>
        Vector128.Create(Reflect33(PowerModulo(distance + 32)), Reflect33(PowerModulo(distance - 32)));

    /// <summary>x^<paramref name="exponent"/> mod P as a normal (unreflected) 32-bit remainder.</summary>
    private static uint PowerModulo(int exponent)
    {
        uint remainder = 1;
        for (var i = 0; i < exponent; i++)
        {
            var carry = (remainder & 0x80000000u) != 0;
            remainder <<= 1;
            if (carry)
            {
                remainder ^= Polynomial;
            }
        }

        return remainder;
    }

    /// <summary>A remainder of degree below 32 as a 33-bit reflected constant: the coefficient of x^d at bit 32 - d.</summary>
    private static ulong Reflect33(uint remainder)
    {
        ulong reflected = 0;
        for (var degree = 0; degree < 32; degree++)
        {
            if ((remainder & (1u << degree)) != 0)
            {
                reflected |= 1UL << (32 - degree);
            }
        }

        return reflected;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        for (var slice = 1; slice < 8; slice++)
        {
            for (var i = 0; i < 256; i++)
            {
                var previous = table[((slice - 1) * 256) + i];
                table[(slice * 256) + i] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }
}
