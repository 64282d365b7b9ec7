namespace Sluice.Documents.Tests;

public sealed class SpillStreamTests
{
    [Fact]
    public async Task Contents_survive_the_move_from_memory_to_a_file_and_the_file_is_deleted_on_close()
    {
        var folder = Sluice.Testing.RepoLayout.NewTempFolder("spill");
        try
        {
            var data = new byte[300_000];
            new Random(7).NextBytes(data);
            var stream = new SpillStream(100_000, folder);
            await using (stream)
            {
                await stream.WriteAsync(data.AsMemory(0, 50_000));
                Assert.False(stream.Spilled);
                Assert.Empty(Directory.GetFiles(folder));
                stream.Write(data, 50_000, 250_000);
                Assert.True(stream.Spilled);
                Assert.Single(Directory.GetFiles(folder));
                stream.Position = 0;
                var back = new byte[data.Length];
                await stream.ReadExactlyAsync(back);
                Assert.Equal(data, back);
            }

            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
