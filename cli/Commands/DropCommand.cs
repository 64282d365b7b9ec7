using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Sluice.Hosting;
using Sluice.Storage;

namespace Sluice.Cli;

/// <summary><c>sluice drop &lt;path&gt;…</c>: uploads files into the drop store a running pipeline watches.</summary>
internal static class DropCommand
{
    public static Command Create()
    {
        var paths = new Argument<FileSystemInfo[]>("path") { Description = "Files or folders to drop; a folder's files keep their path from the folder's name on (news/a.txt).", Arity = ArgumentArity.OneOrMore };
        var prefix = new Option<string>("--prefix") { Description = "A key prefix for the dropped objects, e.g. 'news/'.", DefaultValueFactory = _ => string.Empty };
        var envFile = new Option<FileInfo?>("--env-file") { Description = "KEY=VALUE lines with the Storage__… settings (as the local stack writes them); the environment is read too." };
        var command = new Command("drop", "Upload files into the drop bucket (Storage__… settings from the environment or --env-file).") { paths, prefix, envFile };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(envFile) is { Exists: false } missing)
            {
                await error.WriteLineAsync($"sluice drop: the env file {missing.FullName} does not exist.");
                return 2;
            }

            var settings = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(EnvFile.Read(parseResult.GetValue(envFile))).Build();
            var storage = new StorageOptions();
            settings.GetSection(StorageOptions.SectionName).Bind(storage);
            var problems = storage.FindProblems().ToList();
            if (problems.Count > 0)
            {
                await error.WriteLineAsync("sluice drop: " + string.Join("; ", problems));
                return 2;
            }

            var drop = storage.Kind == StorageKind.S3 ? ObjectStore.OpenS3(storage.ForBucket(storage.DropBucket)) : ObjectStore.OpenFolder(storage.DropFolder);
            var files = 0;
            var bytes = 0L;
            try
            {
                foreach (var path in parseResult.GetValue(paths)!)
                {
                    foreach (var (file, relative) in Expand(path))
                    {
                        var key = parseResult.GetValue(prefix) + relative.Replace(Path.DirectorySeparatorChar, '/');
                        await using var content = File.OpenRead(file);
                        var stored = await drop.PutAsync(key, content, cancellationToken: cancellationToken);
                        await output.WriteLineAsync($"{stored.Key}  {stored.ByteCount} bytes  sha256 {stored.Sha256}");
                        files++;
                        bytes += stored.ByteCount;
                    }
                }

                await output.WriteLineAsync($"dropped {files} file(s), {bytes} bytes, into {drop.Description}");
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidObjectKeyException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
            {
                await error.WriteLineAsync($"sluice drop: {e.Message}");
                return 1;
            }
            finally
            {
                (drop as IDisposable)?.Dispose();
            }

            return 0;
        });
        return command;
    }

    private static IEnumerable<(string File, string Relative)> Expand(FileSystemInfo path) => path switch
    {
        DirectoryInfo folder when folder.Exists => Directory.EnumerateFiles(folder.FullName, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (f, Path.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder.FullName)), Path.GetRelativePath(folder.FullName, f)))),
        FileInfo file when file.Exists => [(file.FullName, file.Name)],
        _ => throw new FileNotFoundException($"{path.FullName} does not exist."),
    };
}
