using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Sets VER_FLG_WEAK on the named version requirements (Vernaux entries of <c>.gnu.version_r</c>) of 64-bit
/// little-endian ELF libraries, for each version the system library lacks. Idempotent: a library whose entries are
/// already weak is left untouched, so its time stamp changes only when its contents do.
/// </summary>
public sealed class WeakenElfVersionRequirements : Task
{
    private const uint VersionNeedSection = 0x6ffffffe;
    private const ushort WeakFlag = 0x2;

    /// <summary>The libraries to fix.</summary>
    [Required]
    public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Semicolon-separated version names, for example <c>GLIBCXX_3.4.32</c>.</summary>
    [Required]
    public string Versions { get; set; } = "";

    /// <summary>The system library that would satisfy the requirements (libstdc++.so.6).</summary>
    [Required]
    public string SystemLibrary { get; set; } = "";

    /// <summary>Runs the task.</summary>
    public override bool Execute()
    {
        var system = File.Exists(SystemLibrary) ? File.ReadAllBytes(SystemLibrary) : Array.Empty<byte>();
        var missing = Versions.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(v => v.Trim())
            .Where(v => !Contains(system, Encoding.ASCII.GetBytes(v + "\0")))
            .ToArray();
        if (missing.Length == 0)
        {
            Log.LogMessage(MessageImportance.Low, $"{SystemLibrary} provides {Versions}: TorchSharp's shim needs no fix");
            return true;
        }

        foreach (var item in Libraries)
        {
            var path = item.GetMetadata("FullPath");
            var bytes = File.ReadAllBytes(path);
            var changed = 0;
            foreach (var version in missing)
            {
                var state = Weaken(bytes, version, path);
                if (state == null)
                {
                    return false;
                }

                changed += state.Value ? 1 : 0;
            }

            if (changed > 0)
            {
                // Write through a temporary file so an interrupted build never leaves a torn library behind.
                var temporary = path + ".weakening";
                File.WriteAllBytes(temporary, bytes);
                File.Delete(path);
                File.Move(temporary, path);
                Log.LogMessage(MessageImportance.High, $"{path}: marked {string.Join(", ", missing)} weak ({SystemLibrary} lacks them; docs/engine.md)");
            }
        }

        return true;
    }

    // True when the flag was set now, false when it already was; null (after logging an error) when the file is
    // not what this fix expects.
    private bool? Weaken(byte[] elf, string version, string path)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogError($"{path} is not a 64-bit little-endian ELF file");
            return null;
        }

        var sectionTable = (int)U64(elf, 0x28);
        var entrySize = U16(elf, 0x3A);
        var sectionCount = U16(elf, 0x3C);
        for (var i = 0; i < sectionCount; i++)
        {
            var header = sectionTable + (i * entrySize);
            if (U32(elf, header + 4) != VersionNeedSection)
            {
                continue;
            }

            var strings = sectionTable + ((int)U32(elf, header + 0x28) * entrySize);
            var stringsOffset = (int)U64(elf, strings + 0x18);
            var needs = U32(elf, header + 0x2C);
            var need = (int)U64(elf, header + 0x18);
            for (var n = 0; n < needs; n++)
            {
                var count = U16(elf, need + 2);
                var aux = need + (int)U32(elf, need + 8);
                for (var a = 0; a < count; a++)
                {
                    var name = stringsOffset + (int)U32(elf, aux + 8);
                    var end = Array.IndexOf(elf, (byte)0, name);
                    if (Encoding.ASCII.GetString(elf, name, end - name) == version)
                    {
                        var flags = U16(elf, aux + 4);
                        if ((flags & WeakFlag) != 0)
                        {
                            return false;
                        }

                        flags |= WeakFlag;
                        elf[aux + 4] = (byte)(flags & 0xFF);
                        elf[aux + 5] = (byte)(flags >> 8);
                        return true;
                    }

                    aux += (int)U32(elf, aux + 12);
                }

                need += (int)U32(elf, need + 12);
            }
        }

        // A TorchSharp build without the requirement needs no fix.
        Log.LogMessage(MessageImportance.Low, $"{path} does not require {version}");
        return false;
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var i = Array.IndexOf(haystack, needle[0]); i >= 0 && i <= haystack.Length - needle.Length; i = Array.IndexOf(haystack, needle[0], i + 1))
        {
            var j = 1;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return true;
            }
        }

        return false;
    }

    // ELF fields are little-endian here (checked in Weaken); read them byte by byte so the host's order does not matter.
    private static ushort U16(byte[] b, int at) => (ushort)(b[at] | (b[at + 1] << 8));

    private static uint U32(byte[] b, int at) => U16(b, at) | ((uint)U16(b, at + 2) << 16);

    private static ulong U64(byte[] b, int at) => U32(b, at) | ((ulong)U32(b, at + 4) << 32);
}
