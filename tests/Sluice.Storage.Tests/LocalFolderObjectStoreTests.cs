using System.Text;
using Sluice.Testing;

namespace Sluice.Storage.Tests;

/// <summary>The contract against a local folder, plus what only a folder can get wrong.</summary>
public sealed class LocalFolderObjectStoreTests : ObjectStoreContract, IDisposable
{
    private readonly string root = RepoLayout.NewTempFolder("store");
    private readonly string outside = RepoLayout.NewTempFolder("outside");

    public LocalFolderObjectStoreTests()
    {
        Store = ObjectStore.OpenFolder(root);
    }

    protected override IObjectStore Store { get; }

    public void Dispose()
    {
        Directory.Delete(root, recursive: true);
        Directory.Delete(outside, recursive: true);
    }

    protected override Task CorruptAsync(string key, byte[] replacement) =>
        File.WriteAllBytesAsync(Path.Combine(root, key), replacement);

    [Fact]
    public async Task A_truncated_file_fails_verification()
    {
        await Store.PutAsync("shard", new MemoryStream(Encoding.UTF8.GetBytes("a complete shard")));
        await File.WriteAllTextAsync(Path.Combine(root, "shard"), "a comp");

        await using var stream = await Store.OpenReadAsync("shard");
        await Assert.ThrowsAsync<ObjectIntegrityException>(() => stream.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task Files_placed_by_other_tools_are_listed_and_read_without_a_recorded_hash()
    {
        Directory.CreateDirectory(Path.Combine(root, "drop", "inbox"));
        await File.WriteAllTextAsync(Path.Combine(root, "drop", "inbox", "notes.txt"), "dropped by hand");
        await File.WriteAllTextAsync(Path.Combine(root, "drop", ".DS_Store"), "hidden");

        var listed = new List<ObjectInfo>();
        await foreach (var item in Store.ListAsync("drop/"))
        {
            listed.Add(item);
        }

        var only = Assert.Single(listed);
        Assert.Equal("drop/inbox/notes.txt", only.Key);
        Assert.Null(only.Sha256);
        await using var stream = await Store.OpenReadAsync("drop/inbox/notes.txt");
        Assert.Equal("dropped by hand", await new StreamReader(stream).ReadToEndAsync());
    }

    [Fact]
    public async Task A_linked_folder_inside_the_root_never_leads_outside_it()
    {
        await File.WriteAllTextAsync(Path.Combine(outside, "secret.txt"), "outside the root");
        Directory.CreateSymbolicLink(Path.Combine(root, "link"), outside);

        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => Store.OpenReadAsync("link/secret.txt"));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => Store.PutAsync("link/new.txt", new MemoryStream([1])));
        var listed = new List<string>();
        await foreach (var item in Store.ListAsync(string.Empty))
        {
            listed.Add(item.Key);
        }

        Assert.Empty(listed);
        Assert.False(File.Exists(Path.Combine(outside, "new.txt")));
    }

    [Fact]
    public async Task Hidden_files_links_and_unusable_names_are_listed_as_unaddressable_not_skipped()
    {
        await Store.PutAsync("drop/good.txt", new MemoryStream(Encoding.UTF8.GetBytes("fine")));
        Directory.CreateDirectory(Path.Combine(root, "drop", ".cache"));
        await File.WriteAllTextAsync(Path.Combine(root, "drop", ".hidden.txt"), "hidden");
        await File.WriteAllTextAsync(Path.Combine(root, "drop", ".cache", "inner.txt"), "in a dot-folder");
        await File.WriteAllTextAsync(Path.Combine(root, "drop", "back\\slash.txt"), "odd name");
        await File.WriteAllTextAsync(Path.Combine(outside, "secret.txt"), "outside the root");
        File.CreateSymbolicLink(Path.Combine(root, "drop", "link.txt"), Path.Combine(outside, "secret.txt"));

        var listed = new List<string>();
        await foreach (var item in Store.ListAsync("drop/"))
        {
            listed.Add(item.Key);
        }

        var unaddressable = new List<UnaddressableObject>();
        await foreach (var item in Store.ListUnaddressableAsync("drop/"))
        {
            unaddressable.Add(item);
        }

        Assert.Equal(["drop/good.txt"], listed);
        Assert.Equal(["drop/.cache/inner.txt", "drop/.hidden.txt", "drop/back\\slash.txt", "drop/link.txt"], unaddressable.Select(u => u.Name));
        Assert.Contains("'.'", unaddressable[0].Problem, StringComparison.Ordinal);
        Assert.Contains("symbolic link", unaddressable[3].Problem, StringComparison.Ordinal);
        Assert.Equal(6, unaddressable[1].ByteCount);
        Assert.Equal(-1, unaddressable[3].ByteCount);
        Assert.DoesNotContain(unaddressable, u => u.Name.Contains("sluice-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_put_leaves_no_partial_object_or_temporary_file()
    {
        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync("partial/object", new FailingStream(100_000)));

        Assert.Null(await Store.GetInfoAsync("partial/object"));
        Assert.Empty(Directory.GetFiles(Path.Combine(root, ".sluice-tmp")));
    }
}
