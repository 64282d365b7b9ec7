using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
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
/// pointer names: when there is none yet, this asks for training (<see cref="TrainTokenizer"/>, handled by one replica at
/// a time) and waits until the pointer appears, so every replica ends with the same tokenizer.
/// </summary>
internal sealed class TokenizerCatalog(
    TokenizeOptions options,
    [FromKeyedServices(ObjectStoreNames.Lake)] IObjectStore lake,
    TimeProvider clock,
    ILogger<TokenizerCatalog> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly SemaphoreSlim gate = new(1, 1);
    private BpeTokenizer? current;

    /// <summary>The hash of the configured policy (see <see cref="TokenizerPolicyOptions.PolicyHash"/>).</summary>
    public string PolicyHash { get; } = options.Tokenizer.PolicyHash();

    /// <summary>The tokenizer to use, once resolved (cached for the life of the process: a frozen tokenizer never changes).</summary>
    public async Task<BpeTokenizer> GetAsync(IPublishEndpoint publisher, CancellationToken cancellationToken)
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

            var resolved = options.Tokenizer.TrainsOnData
                ? await WaitForTrainedAsync(publisher, cancellationToken).ConfigureAwait(false)
                : await StoreStandardAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref current, resolved);
            logger.LogInformation("Tokenizing with {TokenizerName} ({TokenizerId}, {VocabularySize} ids)", resolved.Name, resolved.Id, resolved.VocabularySize);
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
        var bytes = await ReadIfPresentAsync(TokenizeLakeKeys.PolicyPointer(PolicyHash), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize<PolicyPointer>(bytes, Json);
    }

    /// <summary>Loads a tokenizer stored under <c>tokenizers/&lt;id&gt;/</c>, checking that its content really has that id.</summary>
    public async Task<BpeTokenizer> LoadAsync(string tokenizerId, CancellationToken cancellationToken)
    {
        var key = TokenizeLakeKeys.TokenizerObject(tokenizerId, TokenizeLakeKeys.TokenizerFileName);
        var bytes = await ReadIfPresentAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new ObjectNotFoundException(lake.Description, key);
        var manifest = await ReadIfPresentAsync(TokenizeLakeKeys.TokenizerObject(tokenizerId, TokenizeLakeKeys.ManifestFileName), cancellationToken).ConfigureAwait(false);
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
            (TokenizeLakeKeys.ManifestFileName, JsonSerializer.SerializeToUtf8Bytes(manifest, Json)),
            (TokenizeLakeKeys.RanksFileName, TokenizerFile.SerializeTiktokenRanks(tokenizer)),
            (TokenizeLakeKeys.HuggingFaceFileName, HuggingFaceTokenizerJson.Serialize(tokenizer)),
            (TokenizeLakeKeys.TokenizerFileName, TokenizerFile.Serialize(tokenizer)),
        };
        foreach (var (name, bytes) in files)
        {
            var key = TokenizeLakeKeys.TokenizerObject(tokenizer.Id, name);
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var existing = await lake.GetInfoAsync(key, cancellationToken).ConfigureAwait(false);
            if (existing?.Sha256 == sha)
            {
                continue;
            }

            await lake.PutAsync(key, new MemoryStream(bytes, writable: false), sha, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<BpeTokenizer> StoreStandardAsync(CancellationToken cancellationToken)
    {
        var tokenizer = TiktokenEncodings.Get(options.Tokenizer.Encoding);
        await StoreAsync(tokenizer, TokenizerManifest.Describe(tokenizer, "standard", PolicyHash), cancellationToken).ConfigureAwait(false);
        return tokenizer;
    }

    private async Task<BpeTokenizer> WaitForTrainedAsync(IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var requestId = Guid.NewGuid().ToString("N");
        var requested = false;
        while (true)
        {
            if (await ReadPointerAsync(cancellationToken).ConfigureAwait(false) is { } pointer)
            {
                return await LoadAsync(pointer.TokenizerId, cancellationToken).ConfigureAwait(false);
            }

            if (!requested)
            {
                logger.LogInformation("No tokenizer is frozen yet for policy {PolicyHash}; asking for one to be trained", PolicyHash);
                await publisher.Publish(new TrainTokenizer { PolicyHash = PolicyHash, RequestId = requestId, RequestedBy = $"{Environment.MachineName}/{Environment.ProcessId}" }, cancellationToken).ConfigureAwait(false);
                requested = true;
            }
            else if (await ReadIfPresentAsync(TokenizeLakeKeys.TrainingFailure(PolicyHash, requestId), cancellationToken).ConfigureAwait(false) is { } failure)
            {
                // Read once: a retry of the message asks again, and a later attempt may succeed (more text may have come).
                await lake.DeleteAsync(TokenizeLakeKeys.TrainingFailure(PolicyHash, requestId), cancellationToken).ConfigureAwait(false);
                throw new TokenizerUnavailableException(PolicyHash, Encoding.UTF8.GetString(failure));
            }

            if (clock.GetElapsedTime(started).TotalSeconds > options.Tokenizer.WaitSeconds)
            {
                throw new TokenizerUnavailableException(PolicyHash, $"no tokenizer was frozen within {options.Tokenizer.WaitSeconds} s (Tokenize:Tokenizer:WaitSeconds)");
            }

            await Task.Delay(PollInterval, clock, cancellationToken).ConfigureAwait(false);
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
