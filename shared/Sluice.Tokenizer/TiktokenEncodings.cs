using System.Collections.Concurrent;

namespace Sluice.Tokenizer;

/// <summary>
/// The standard tiktoken encodings by name: <c>gpt2</c> (= <c>r50k_base</c>), <c>r50k_base</c>, <c>p50k_base</c>,
/// <c>cl100k_base</c>, <c>o200k_base</c>. Their ranks are read from the npm <c>tiktoken</c> package's
/// <c>encoders/&lt;name&gt;.json</c>, found in the folder named by the environment variable
/// <c>SLUICE_TIKTOKEN_ENCODERS</c>, or else in <c>scripts/peers/node_modules/tiktoken/encoders</c> of the repository
/// (installed by <c>scripts/setup.sh</c>), looked for above the current directory and above the program's folder.
/// Each encoding is loaded once and shared.
/// </summary>
public static class TiktokenEncodings
{
    /// <summary>The environment variable that names the folder holding <c>&lt;name&gt;.json</c>.</summary>
    public const string FolderVariable = "SLUICE_TIKTOKEN_ENCODERS";

    private const string RepositoryRelativeFolder = "scripts/peers/node_modules/tiktoken/encoders";

    private static readonly ConcurrentDictionary<string, Lazy<BpeTokenizer>> Loaded = new(StringComparer.Ordinal);

    /// <summary>The names this class serves.</summary>
    public static IReadOnlyList<string> Names { get; } = ["gpt2", "r50k_base", "p50k_base", "cl100k_base", "o200k_base"];

    /// <summary>The standard encoding of that name, loaded on first use.</summary>
    public static BpeTokenizer Get(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!Names.Contains(name))
        {
            throw new ArgumentException($"Unknown encoding '{name}'; known: {string.Join(", ", Names)}.", nameof(name));
        }

        return Loaded.GetOrAdd(name, n => new Lazy<BpeTokenizer>(() => TokenizerFile.Load(Path.Combine(Folder(), n + ".json"), n))).Value;
    }

    /// <summary>A standard encoding by name, or else a tokenizer file by path.</summary>
    public static BpeTokenizer GetOrLoad(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPath);
        if (Names.Contains(nameOrPath))
        {
            return Get(nameOrPath);
        }

        return File.Exists(nameOrPath)
            ? TokenizerFile.Load(nameOrPath)
            : throw new FileNotFoundException($"'{nameOrPath}' is neither a standard encoding ({string.Join(", ", Names)}) nor an existing tokenizer file.", nameOrPath);
    }

    /// <summary>The folder the encodings are read from; throws with the set-up instructions when there is none.</summary>
    public static string Folder()
    {
        var configured = Environment.GetEnvironmentVariable(FolderVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured)
                ? configured
                : throw new DirectoryNotFoundException($"{FolderVariable} names {configured}, which does not exist.");
        }

        foreach (var origin in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RepositoryRelativeFolder);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException($"The tiktoken encodings were not found: run scripts/setup.sh (it installs them under {RepositoryRelativeFolder}) or set {FolderVariable} to a folder holding <name>.json.");
    }
}
