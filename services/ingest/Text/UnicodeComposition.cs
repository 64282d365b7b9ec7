using System.Runtime.InteropServices;
using System.Text;

namespace Sluice.Ingest.Text;

/// <summary>
/// Unicode NFC. Uses .NET's <see cref="string.Normalize(NormalizationForm)"/> when it works; Sluice builds with invariant
/// globalization, where .NET leaves non-ASCII text unnormalized, so then it calls ICU's <c>unorm2</c> API directly
/// (libicuuc, which every Linux .NET install already has). Without either, construction fails with a clear message
/// rather than silently skipping normalization.
/// </summary>
internal sealed unsafe class UnicodeComposition
{
    private static readonly Lazy<UnicodeComposition> Shared = new(Create);

    private readonly delegate* unmanaged<IntPtr, char*, int, char*, int, int*, int> _normalize;
    private readonly delegate* unmanaged<IntPtr, char*, int, int*, sbyte> _isNormalized;
    private readonly IntPtr _nfc;

    private UnicodeComposition(IntPtr nfc, IntPtr normalize, IntPtr isNormalized, string implementation)
    {
        _nfc = nfc;
        _normalize = (delegate* unmanaged<IntPtr, char*, int, char*, int, int*, int>)normalize;
        _isNormalized = (delegate* unmanaged<IntPtr, char*, int, int*, sbyte>)isNormalized;
        Implementation = implementation;
    }

    /// <summary>The process-wide instance; throws <see cref="PlatformNotSupportedException"/> when no NFC implementation is available.</summary>
    public static UnicodeComposition Instance => Shared.Value;

    /// <summary>Which implementation is in use (<c>.NET</c> or <c>ICU nn</c>).</summary>
    public string Implementation { get; }

    /// <summary>The NFC form of <paramref name="text"/> (the same instance when it is already NFC).</summary>
    public string Compose(string text)
    {
        if (_nfc == IntPtr.Zero)
        {
            return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        }

        if (Ascii.IsValid(text))
        {
            return text;
        }

        fixed (char* source = text)
        {
            var status = 0;
            if (_isNormalized(_nfc, source, text.Length, &status) != 0 && status <= 0)
            {
                return text;
            }

            // NFC of a string is at most three times as long (Unicode's stated bound for NFC expansion).
            var capacity = checked((text.Length * 3) + 16);
            var buffer = new char[capacity];
            fixed (char* destination = buffer)
            {
                status = 0;
                var length = _normalize(_nfc, source, text.Length, destination, capacity, &status);
                if (status > 0)
                {
                    throw new InvalidOperationException($"ICU failed to normalize text to NFC (UErrorCode {status})");
                }

                return new string(destination, 0, length);
            }
        }
    }

    private static UnicodeComposition Create()
    {
        if ("e\u0301".Normalize(NormalizationForm.FormC) == "\u00E9")
        {
            return new UnicodeComposition(IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, ".NET");
        }

        for (var version = 90; version >= 50; version--)
        {
            if (!NativeLibrary.TryLoad($"libicuuc.so.{version}", out var library))
            {
                continue;
            }

            if (NativeLibrary.TryGetExport(library, $"unorm2_getNFCInstance_{version}", out var getInstance)
                && NativeLibrary.TryGetExport(library, $"unorm2_normalize_{version}", out var normalize)
                && NativeLibrary.TryGetExport(library, $"unorm2_isNormalized_{version}", out var isNormalized))
            {
                var status = 0;
                var nfc = ((delegate* unmanaged<int*, IntPtr>)getInstance)(&status);
                if (nfc != IntPtr.Zero && status <= 0)
                {
                    return new UnicodeComposition(nfc, normalize, isNormalized, $"ICU {version}");
                }
            }
        }

        throw new PlatformNotSupportedException(
            "Unicode NFC normalization is unavailable: .NET runs with invariant globalization and no ICU library (libicuuc) was found. Install libicu or run with InvariantGlobalization=false.");
    }
}
