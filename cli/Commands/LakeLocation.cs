using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Sluice.Hosting;
using Sluice.Storage;

namespace Sluice.Cli;

/// <summary>
/// Which lake a reading verb (<c>rejected</c>, <c>lineage</c>, <c>status</c>) looks at: a folder (<c>--lake</c>, what
/// <c>sluice run</c> wrote), or a running stack's bucket (<c>Storage__…</c> settings from the environment or
/// <c>--env-file</c>, as for <c>sluice drop</c>); without either, <c>./.sluice</c>, the embedded run's default.
/// </summary>
internal sealed class LakeLocation
{
    private LakeLocation(Option<DirectoryInfo?> lake, Option<FileInfo?> envFile)
    {
        Lake = lake;
        EnvFile = envFile;
    }

    /// <summary>The <c>--lake</c> option.</summary>
    public Option<DirectoryInfo?> Lake { get; }

    /// <summary>The <c>--env-file</c> option.</summary>
    public Option<FileInfo?> EnvFile { get; }

    /// <summary>Both options, to add to a command.</summary>
    public static LakeLocation AddTo(Command command)
    {
        var location = new LakeLocation(
            new Option<DirectoryInfo?>("--lake") { Description = "A lake folder, as 'sluice run --lake' wrote it. Default: ./.sluice, unless Storage__ settings name a bucket." },
            new Option<FileInfo?>("--env-file") { Description = "KEY=VALUE lines with the Storage__… settings of a running stack (as the local stack writes them)." });
        command.Options.Add(location.Lake);
        command.Options.Add(location.EnvFile);
        return location;
    }

    /// <summary>
    /// Runs a reading verb: opens the lake (a problem with the options is exit code 2), runs <paramref name="body"/>,
    /// turns an unreadable lake object or an unreachable store into one line and exit code 1, and closes the lake.
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, string verb, Func<IObjectStore, Task<int>> body)
    {
        var error = parse.InvocationConfiguration.Error;
        IObjectStore lake;
        try
        {
            lake = Open(parse);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"sluice {verb}: {e.Message}");
            return 2;
        }

        try
        {
            return await body(lake);
        }
        catch (Exception e) when (e is InvalidDataException or Sluice.Parquet.ParquetFormatException or System.Text.Json.JsonException or IOException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            await error.WriteLineAsync($"sluice {verb}: {e.Message}");
            return 1;
        }
        finally
        {
            (lake as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// The settings of a running stack (the environment, then <c>--env-file</c>), or null when <c>--lake</c> names a
    /// folder (an embedded lake has no broker).
    /// </summary>
    public IConfiguration? Settings(ParseResult parse) =>
        parse.GetValue(Lake) is not null
            ? null
            : new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(Cli.EnvFile.Read(parse.GetValue(EnvFile) is { Exists: true } file ? file : null)).Build();

    /// <summary>The lake the options name, opened; a problem with them is an <see cref="ArgumentException"/> with a sentence for the user.</summary>
    public IObjectStore Open(ParseResult parse)
    {
        if (parse.GetValue(Lake) is { } folder)
        {
            return folder.Exists
                ? ObjectStore.OpenFolder(folder.FullName)
                : throw new ArgumentException($"the lake folder {folder.FullName} does not exist");
        }

        if (parse.GetValue(EnvFile) is { Exists: false } missing)
        {
            throw new ArgumentException($"the env file {missing.FullName} does not exist");
        }

        var settings = Settings(parse)!;
        var storage = new StorageOptions();
        settings.GetSection(StorageOptions.SectionName).Bind(storage);
        if (storage.Kind == StorageKind.S3)
        {
            var problems = storage.FindProblems().ToList();
            return problems.Count == 0
                ? ObjectStore.OpenS3(storage.ForBucket(storage.LakeBucket))
                : throw new ArgumentException(string.Join("; ", problems));
        }

        if (settings["Storage:LakeFolder"] is { Length: > 0 } configured)
        {
            return Directory.Exists(configured)
                ? ObjectStore.OpenFolder(Path.GetFullPath(configured))
                : throw new ArgumentException($"the lake folder {Path.GetFullPath(configured)} (Storage__LakeFolder) does not exist");
        }

        var local = Path.Combine(Directory.GetCurrentDirectory(), ".sluice");
        return Directory.Exists(local)
            ? ObjectStore.OpenFolder(local)
            : throw new ArgumentException($"no lake here: {local} does not exist; pass --lake <folder>, or --env-file for a running stack");
    }
}
