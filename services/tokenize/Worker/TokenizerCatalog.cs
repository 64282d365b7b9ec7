using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Storage;
using Sluice.Tokenizer;

namespace Sluice.Tokenize.Worker;

/// <summary>
/// The pipeline's tokenizer under its policy. A standard encoding is loaded by name and stored under
/// <c>tokenizers/&lt;id&gt;/</c> so readers of the token shards find it by id. A trained one is whatever the policy's
/// pointer names, or nothing yet: then the shard waits for the training job (<see cref="TokenizerTrainingJob"/>).
/// </summary>
internal sealed class TokenizerCatalog(
    TokenizeOptions options,
    [FromKeyedServices(ObjectStoreNames.Lake)] IObjectStore lake,
    ILogger<TokenizerCatalog> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly SemaphoreSlim gate = new(1, 1);
    private BpeTokenizer? current;

    /// <summary>The hash of the configured policy (see <see cref="TokenizerPolicyOptions.PolicyHash"/>).</summary>
    public string PolicyHash { get; } = options.Tokenizer.PolicyHash();

    /// <summary>The id of the policy's training job: one per policy, attempted again after a failure.</summary>
    public string TrainingJobId => $"{TokenizerTrainingJob.JobKind}-{PolicyHash[..16]}";

    /// <summary>The tokenizer to use, or null while a trained policy has none frozen yet (cached once known: a frozen tokenizer never changes).</summary>
    public async Task<BpeTokenizer?> FindAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref current) is { } known)
        {
            return known;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (current is not null)
            {
                return current;
            }

            BpeTokenizer? resolved;
            if (options.Tokenizer.TrainsOnData)
            {
                var pointer = await ReadPointerAsync(cancellationToken).ConfigureAwait(false);
                resolved = pointer is null ? null : await LoadAsync(pointer.TokenizerId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                resolved = TiktokenEncodings.Get(options.Tokenizer.Encoding);
                await StoreAsync(resolved, TokenizerManifest.Describe(resolved, "standard", PolicyHash), cancellationToken).ConfigureAwait(false);
            }

            if (resolved is not null)
            {
                Volatile.Write(ref current, resolved);
                logger.LogInformation("Tokenizing with {TokenizerName} ({TokenizerId}, {VocabularySize} ids)", resolved.Name, resolved.Id, resolved.VocabularySize);
            }

            return resolved;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The tokenizer a policy froze, or null when it has not been trained yet.</summary>
    public async Task<PolicyPointer?> ReadPointerAsync(CancellationToken cancellationToken)
    {
        var bytes = await ReadIfPresentAsync(TokenizerFiles.PolicyPointer(PolicyHash), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize<PolicyPointer>(bytes, Json);
    }

    /// <summary>Freezes the policy's choice: writes the pointer unless one appeared meanwhile (a frozen choice is never replaced); returns the frozen id.</summary>
    public async Task<string> FreezeAsync(string tokenizerId, CancellationToken cancellationToken)
    {
        if (await ReadPointerAsync(cancellationToken).ConfigureAwait(false) is { } frozen)
        {
            return frozen.TokenizerId;
        }

        var pointer = JsonSerializer.SerializeToUtf8Bytes(new PolicyPointer(PolicyHash, tokenizerId), Json);
        await lake.PutAsync(TokenizerFiles.PolicyPointer(PolicyHash), new MemoryStream(pointer), cancellationToken: cancellationToken).ConfigureAwait(false);
        return tokenizerId;
    }

    /// <summary>Loads a tokenizer stored under <c>tokenizers/&lt;id&gt;/</c>, checking that its content really has that id.</summary>
    public async Task<BpeTokenizer> LoadAsync(string tokenizerId, CancellationToken cancellationToken)
    {
        var key = LakeKeys.Tokenizer(tokenizerId, TokenizerFiles.Tokenizer);
        var bytes = await ReadIfPresentAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new ObjectNotFoundException(lake.Description, key);
        var manifest = await ReadIfPresentAsync(LakeKeys.Tokenizer(tokenizerId, TokenizerFiles.Manifest), cancellationToken).ConfigureAwait(false);
        var name = manifest is null ? tokenizerId[..12] : JsonSerializer.Deserialize<TokenizerManifest>(manifest, Json)!.Name;
        var tokenizer = TokenizerFile.Parse(bytes, $"{lake.Description}/{key}", name);
        if (tokenizer.Id != tokenizerId)
        {
            throw new ObjectIntegrityException(lake.Description, key, $"the tokenizer stored there has id {tokenizer.Id}, not {tokenizerId}");
        }

        return tokenizer;
    }

    /// <summary>
    /// Writes the tokenizer's files under <c>tokenizers/&lt;id&gt;/</c> (our file, whose SHA-256 is the id, a tiktoken
    /// ranks file, a Hugging Face <c>tokenizer.json</c>, the manifest). Files already there with the same bytes are left
    /// alone, so concurrent or repeated writers are harmless.
    /// </summary>
    public async Task StoreAsync(BpeTokenizer tokenizer, TokenizerManifest manifest, CancellationToken cancellationToken)
    {
        var files = new (string Name, byte[] Bytes)[]
        {
            (TokenizerFiles.Manifest, JsonSerializer.SerializeToUtf8Bytes(manifest, Json)),
            (TokenizerFiles.Ranks, TokenizerFile.SerializeTiktokenRanks(tokenizer)),
            (TokenizerFiles.HuggingFace, HuggingFaceTokenizerJson.Serialize(tokenizer)),
            (TokenizerFiles.Tokenizer, TokenizerFile.Serialize(tokenizer)),
        };
        foreach (var (name, bytes) in files)
        {
            var key = LakeKeys.Tokenizer(tokenizer.Id, name);
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var existing = await lake.GetInfoAsync(key, cancellationToken).ConfigureAwait(false);
            if (existing?.Sha256 == sha)
            {
                continue;
            }

            await lake.PutAsync(key, new MemoryStream(bytes, writable: false), sha, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<byte[]?> ReadIfPresentAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await lake.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var copy = new MemoryStream();
                await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                return copy.ToArray();
            }
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }
}
