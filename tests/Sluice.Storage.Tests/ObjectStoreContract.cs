using System.Security.Cryptography;
using System.Text;
using Sluice.Testing;

namespace Sluice.Storage.Tests;

/// <summary>The behaviour every object store promises; run against each implementation.</summary>
public abstract class ObjectStoreContract
{
    /// <summary>The store under test, configured with 5 MiB parts and a 5 MiB multipart threshold.</summary>
    protected abstract IObjectStore Store { get; }

    /// <summary>Replaces the stored bytes of <paramref name="key"/> behind the store's back, keeping its recorded hash.</summary>
    protected abstract Task CorruptAsync(string key, byte[] replacement);

    private static byte[] Corpus(int bytes)
    {
        var text = Encoding.UTF8.GetBytes(BrownCorpus.Text(Math.Min(bytes, 2_000_000)));
        var result = new byte[bytes];
        for (var offset = 0; offset < bytes; offset += text.Length)
        {
            text.AsSpan(0, Math.Min(text.Length, bytes - offset)).CopyTo(result.AsSpan(offset));
        }

        return result;
    }

    private async Task<byte[]> ReadAllAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task A_put_object_reads_back_byte_for_byte_with_its_sha256_recorded()
    {
        var bytes = Corpus(300_000);
        var put = await Store.PutAsync("docs/raw/abc/part-00000.parquet", new MemoryStream(bytes));

        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(expected, put.Sha256);
        Assert.Equal(bytes.Length, put.ByteCount);
        Assert.Equal(bytes, await ReadAllAsync("docs/raw/abc/part-00000.parquet"));
        var info = await Store.GetInfoAsync("docs/raw/abc/part-00000.parquet");
        Assert.NotNull(info);
        Assert.Equal(expected, info.Sha256);
        Assert.Equal(bytes.Length, info.ByteCount);
    }

    [Fact]
    public async Task A_large_object_goes_up_in_parts_and_reads_back_byte_for_byte()
    {
        var bytes = Corpus(12 * 1024 * 1024 + 12345);
        var put = await Store.PutAsync("big/object.bin", new MemoryStream(bytes));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), put.Sha256);
        Assert.Equal(bytes, await ReadAllAsync("big/object.bin"));
    }

    [Fact]
    public async Task An_empty_object_is_stored_and_read()
    {
        await Store.PutAsync("empty", new MemoryStream());

        Assert.Empty(await ReadAllAsync("empty"));
        Assert.Equal(0, (await Store.GetInfoAsync("empty"))!.ByteCount);
    }

    [Fact]
    public async Task A_put_whose_bytes_do_not_match_the_expected_hash_writes_nothing()
    {
        var bytes = Encoding.UTF8.GetBytes("the bytes actually sent");
        var wrong = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("other bytes")));

        var error = await Assert.ThrowsAsync<ObjectIntegrityException>(() => Store.PutAsync("checked/object", new MemoryStream(bytes), wrong));

        Assert.Equal("checked/object", error.Key);
        Assert.Null(await Store.GetInfoAsync("checked/object"));
    }

    [Fact]
    public async Task A_put_with_the_right_expected_hash_succeeds()
    {
        var bytes = Encoding.UTF8.GetBytes("verified on write");
        var right = Convert.ToHexString(SHA256.HashData(bytes));

        var put = await Store.PutAsync("checked/ok", new MemoryStream(bytes), right);

        Assert.Equal(right.ToLowerInvariant(), put.Sha256);
    }

    [Fact]
    public async Task Reading_an_object_whose_bytes_changed_behind_the_store_fails_verification()
    {
        await Store.PutAsync("lake/shard.parquet", new MemoryStream(Encoding.UTF8.GetBytes("original shard bytes")));
        await CorruptAsync("lake/shard.parquet", Encoding.UTF8.GetBytes("tampered shard bytes"));

        var error = await Assert.ThrowsAsync<ObjectIntegrityException>(() => ReadAllAsync("lake/shard.parquet"));
        Assert.Contains("lake/shard.parquet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_by_prefix_returns_exactly_the_matching_keys_in_ordinal_order()
    {
        foreach (var key in new[] { "docs/raw/b/2.parquet", "docs/raw/a/1.parquet", "docs/raw/a/10.parquet", "docs/rawer/x", "rejected/ingest/binary/y", "docs/raw/A/0" })
        {
            await Store.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(key)));
        }

        var raw = new List<string>();
        await foreach (var item in Store.ListAsync("docs/raw/"))
        {
            raw.Add(item.Key);
        }

        Assert.Equal(["docs/raw/A/0", "docs/raw/a/1.parquet", "docs/raw/a/10.parquet", "docs/raw/b/2.parquet"], raw);

        var partial = new List<string>();
        await foreach (var item in Store.ListAsync("docs/raw"))
        {
            partial.Add(item.Key);
        }

        Assert.Equal(5, partial.Count);
        Assert.Contains("docs/rawer/x", partial);
    }

    [Fact]
    public async Task A_listing_longer_than_one_page_of_a_thousand_keys_returns_every_key_once_in_order()
    {
        var keys = Enumerable.Range(0, 1500).Select(i => $"tokens/many/{i:D5}.bin").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, ct) => await Store.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(key)), cancellationToken: ct));
        await Store.PutAsync("tokens/other", new MemoryStream([1]));

        var listed = new List<string>();
        await foreach (var item in Store.ListAsync("tokens/many/"))
        {
            listed.Add(item.Key);
        }

        Assert.Equal(keys, listed);
    }

    [Fact]
    public async Task Replacing_an_object_changes_its_bytes_hash_and_etag()
    {
        var first = await Store.PutAsync("cursor.json", new MemoryStream(Encoding.UTF8.GetBytes("{\"v\":1}")));
        var second = await Store.PutAsync("cursor.json", new MemoryStream(Encoding.UTF8.GetBytes("{\"v\":2,\"more\":true}")));

        Assert.NotEqual(first.Sha256, second.Sha256);
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal("{\"v\":2,\"more\":true}", Encoding.UTF8.GetString(await ReadAllAsync("cursor.json")));
    }

    [Fact]
    public async Task A_deleted_object_is_gone_and_deleting_again_is_fine()
    {
        await Store.PutAsync("to/delete", new MemoryStream([1, 2, 3]));
        await Store.DeleteAsync("to/delete");
        await Store.DeleteAsync("to/delete");

        Assert.Null(await Store.GetInfoAsync("to/delete"));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync("to/delete"));
    }

    [Fact]
    public async Task Deleting_an_object_that_never_existed_under_a_prefix_that_never_existed_is_fine()
    {
        await Store.DeleteAsync("never/written/here.txt");

        Assert.Null(await Store.GetInfoAsync("never/written/here.txt"));
    }

    [Fact]
    public async Task Reading_a_missing_object_throws_a_typed_error_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync("no/such/object"));

        Assert.Equal("no/such/object", error.Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/absolute")]
    [InlineData("../outside")]
    [InlineData("docs/../../outside")]
    [InlineData("docs/./x")]
    [InlineData("docs//x")]
    [InlineData("trailing/")]
    [InlineData(".hidden")]
    [InlineData("back\\slash")]
    [InlineData("control\u0001char")]
    public async Task Invalid_keys_are_rejected_before_anything_is_touched(string key)
    {
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => Store.PutAsync(key, new MemoryStream([1])));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => Store.OpenReadAsync(key));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => Store.GetInfoAsync(key));
    }

    [Fact]
    public async Task Keys_with_spaces_and_unicode_round_trip()
    {
        const string key = "drop/Mis documentos/naïve café.txt";
        await Store.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes("hola")));

        Assert.Equal("hola", Encoding.UTF8.GetString(await ReadAllAsync(key)));
        var listed = new List<string>();
        await foreach (var item in Store.ListAsync("drop/"))
        {
            listed.Add(item.Key);
        }

        Assert.Equal([key], listed);
    }
}
