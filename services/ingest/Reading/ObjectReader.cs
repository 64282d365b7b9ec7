using System.Formats.Tar;
using System.IO.Compression;
using Sluice.Documents;
using Sluice.Ingest.Archives;
using Sluice.Ingest.Formats;
using Sluice.Ingest.Text;

namespace Sluice.Ingest.Reading;

/// <summary>
/// Reads one object or archive entry by its format: opens archives (gzip, tar, zip) under the object's limits and hands
/// every text-bearing entry to its format's reader. A damaged or over-limit entry is quarantined and the next entry read.
/// </summary>
internal sealed class ObjectReader(IngestRun run)
{
    private IngestOptions Options => run.Options;

    /// <summary>Reads <paramref name="stream"/> named <paramref name="name"/>; <paramref name="length"/> is its size when known, else -1.</summary>
    public async ValueTask ReadAsync(Stream stream, string name, string entry, int depth, long length, CancellationToken cancellationToken)
    {
        var format = FormatDetector.FromName(name);
        switch (format)
        {
            case InputFormat.Unsupported:
                await run.RejectAsync(RejectionReasons.UnsupportedFormat,
                    $"'{name}' has no supported extension (.txt, .md, .html, .htm, .jsonl, .ndjson, .json, .csv, .tsv, .parquet, .gz, .tar, .tar.gz, .tgz, .zip, or source code such as .py, .cs, .js)",
                    RecordOrigin.Whole(entry, format), null, length, cancellationToken);
                return;
            case InputFormat.Gzip or InputFormat.TarGzip or InputFormat.Tar or InputFormat.Zip when depth >= Options.MaxArchiveDepth:
                await run.RejectAsync(RejectionReasons.NestingTooDeep,
                    $"'{name}' is an archive at nesting depth {depth + 1}, deeper than the {Options.MaxArchiveDepth} allowed (MaxArchiveDepth)",
                    RecordOrigin.Whole(entry, format), null, length, cancellationToken);
                return;
            case InputFormat.Gzip or InputFormat.TarGzip:
                await ReadGzipAsync(stream, name, entry, depth, format, cancellationToken);
                return;
            case InputFormat.Tar:
                await ReadTarAsync(stream, name, entry, depth, cancellationToken);
                return;
            case InputFormat.Zip:
                await ReadZipAsync(stream, name, entry, depth, cancellationToken);
                return;
            case InputFormat.Parquet:
                await ReadParquetAsync(stream, entry, length, cancellationToken);
                return;
            default:
                await ReadTextObjectAsync(stream, entry, format, length, cancellationToken);
                return;
        }
    }

    private async ValueTask ReadTextObjectAsync(Stream stream, string entry, InputFormat format, long length, CancellationToken cancellationToken)
    {
        // Small objects of known size (most dropped files and archive entries) get a head buffer of their own size.
        var head = new byte[length >= 0 ? Math.Min(length + 1, TextSniffer.HeadBytes) : TextSniffer.HeadBytes];
        var filled = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var complete = filled < head.Length;
        var sniff = TextSniffer.Sniff(head.AsSpan(0, filled), complete, Options.MaxUndecodableFraction);
        var origin = RecordOrigin.Whole(entry, format);
        if (sniff.RejectionReason is not null)
        {
            await run.RejectAsync(sniff.RejectionReason, sniff.Detail!, origin, null, length >= 0 ? length : complete ? filled : -1, cancellationToken);
            return;
        }

        var body = new PrefixedStream(head, filled, stream);
        var (reader, fallback) = DecodedText.Open(body, sniff, length);
        using (reader)
        {
            switch (format)
            {
                case InputFormat.Text or InputFormat.Markdown or InputFormat.Code:
                    await PlainTextReader.ReadAsync(reader, origin, sniff.Encoding, fallback, run, cancellationToken);
                    break;
                case InputFormat.Html:
                    await HtmlTextReader.ReadAsync(reader, origin, sniff.Encoding, fallback, run, cancellationToken);
                    break;
                case InputFormat.JsonLines:
                    await JsonLinesReader.ReadAsync(reader, origin, sniff.Encoding, run, cancellationToken);
                    break;
                case InputFormat.Json:
                    await JsonDocumentReader.ReadAsync(reader, origin, sniff.Encoding, run, cancellationToken);
                    break;
                case InputFormat.Csv or InputFormat.Tsv:
                    await DelimitedTextReader.ReadAsync(reader, origin, sniff.Encoding, run, cancellationToken);
                    break;
                default:
                    throw new InvalidOperationException($"{format} is not a text format");
            }
        }

        run.Tally.UndecodableBytes += fallback.Count;
    }

    private async ValueTask ReadParquetAsync(Stream stream, string entry, long length, CancellationToken cancellationToken)
    {
        var origin = RecordOrigin.Whole(entry, InputFormat.Parquet);
        if (stream.CanSeek)
        {
            await ParquetTableReader.ReadAsync(stream, origin, length, run, cancellationToken);
            return;
        }

        await using var spool = await TempSpool.CopyAsync(stream, Options.Shards.SpoolFolder, cancellationToken);
        await ParquetTableReader.ReadAsync(spool, origin, spool.Length, run, cancellationToken);
    }

    private async ValueTask ReadGzipAsync(Stream stream, string name, string entry, int depth, InputFormat format, CancellationToken cancellationToken)
    {
        // Read straight from the stream: every member's trailer is checked as it is reached, so nothing is spooled.
        var members = new GzipMemberStream(stream, $"gzip stream '{name}'");
        await using var guarded = new ExpansionGuardStream(members, () => members.CompressedBytesRead, run.Budget, $"gzip stream '{name}'");
        if (format == InputFormat.TarGzip)
        {
            await ReadTarAsync(guarded, name, entry, depth, cancellationToken);
        }
        else
        {
            await ReadAsync(guarded, FormatDetector.InnerNameOfGzip(name), entry, depth + 1, -1, cancellationToken);
        }
    }

    private async ValueTask ReadTarAsync(Stream stream, string name, string entry, int depth, CancellationToken cancellationToken)
    {
        string? lastGood = null;
        var files = 0;
        try
        {
            await using var tar = new TarReader(stream, leaveOpen: true);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } member)
            {
                run.Budget.AddEntry();
                if (member.EntryType == TarEntryType.Directory)
                {
                    continue;
                }

                var path = JoinEntry(entry, member.Name);
                if (MemberName.Problem(member.Name) is { } unsafeName)
                {
                    await run.RejectAsync(RejectionReasons.UnsafeMemberName, $"tar entry '{member.Name}' was not read: {unsafeName}",
                        RecordOrigin.Whole(path, InputFormat.Tar), null, member.Length, cancellationToken);
                    continue;
                }

                if (member.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                {
                    await run.RejectAsync(RejectionReasons.ArchiveLink, $"tar entry '{member.Name}' is a {member.EntryType} to '{member.LinkName}', which is not followed",
                        RecordOrigin.Whole(path, InputFormat.Tar), null, member.Length, cancellationToken);
                    continue;
                }

                if (member.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                {
                    await run.RejectAsync(RejectionReasons.UnsupportedFormat, $"tar entry '{member.Name}' is a {member.EntryType}, not a regular file",
                        RecordOrigin.Whole(path, InputFormat.Tar), null, member.Length, cancellationToken);
                    continue;
                }

                files++;
                var data = new LengthCheckedStream(member.DataStream ?? Stream.Null, member.Length, $"tar entry '{member.Name}'");
                await ReadEntryAsync(data, member.Name, path, depth + 1, member.Length, cancellationToken);
                lastGood = member.Name;
            }

            if (files == 0)
            {
                await run.RejectAsync(RejectionReasons.EmptyFile, $"tar archive '{name}' holds no files", RecordOrigin.Whole(entry, InputFormat.Tar), null, -1, cancellationToken);
            }
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException or ArgumentException)
        {
            var after = lastGood is null ? "before its first complete entry" : $"after entry '{lastGood}'";
            throw new QuarantineException(RejectionReasons.TruncatedArchive, $"tar archive '{name}' ends early or is damaged {after}: {e.Message}");
        }
    }

    private async ValueTask ReadZipAsync(Stream stream, string name, string entry, int depth, CancellationToken cancellationToken)
    {
        SpillStream? spool = null;
        try
        {
            var seekable = stream;
            if (!stream.CanSeek)
            {
                spool = await TempSpool.CopyAsync(stream, Options.Shards.SpoolFolder, cancellationToken);
                seekable = spool;
            }

            ZipArchive archive;
            try
            {
                archive = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            }
            catch (InvalidDataException e)
            {
                throw new QuarantineException(RejectionReasons.TruncatedArchive, $"zip archive '{name}' is truncated or damaged: {e.Message}");
            }

            using (archive)
            {
                if (!archive.Entries.Any(e => !e.FullName.EndsWith('/')))
                {
                    await run.RejectAsync(RejectionReasons.EmptyFile, $"zip archive '{name}' holds no files", RecordOrigin.Whole(entry, InputFormat.Zip), null, seekable.Length, cancellationToken);
                }

                foreach (var member in archive.Entries)
                {
                    run.Budget.AddEntry();
                    if (member.FullName.EndsWith('/'))
                    {
                        continue;
                    }

                    var path = JoinEntry(entry, member.FullName);
                    var origin = RecordOrigin.Whole(path, InputFormat.Zip);
                    if (MemberName.Problem(member.FullName) is { } unsafeName)
                    {
                        await run.RejectAsync(RejectionReasons.UnsafeMemberName, $"zip entry '{member.FullName}' was not read: {unsafeName}", origin, null, member.CompressedLength, cancellationToken);
                        continue;
                    }

                    // Unix symbolic links in a zip carry the file type in the high bits of the external attributes.
                    if (((member.ExternalAttributes >> 16) & 0xF000) == 0xA000)
                    {
                        await run.RejectAsync(RejectionReasons.ArchiveLink, $"zip entry '{member.FullName}' is a symbolic link, which is not followed", origin, null, member.CompressedLength, cancellationToken);
                        continue;
                    }
                    if (member.Length > Options.MaxExpansionRatio * Math.Max(1, member.CompressedLength))
                    {
                        await run.RejectAsync(RejectionReasons.ArchiveBomb,
                            FormattableString.Invariant($"zip entry '{member.FullName}' declares {member.Length} bytes from {member.CompressedLength} compressed bytes, more than the {Options.MaxExpansionRatio} times allowed (MaxExpansionRatio)"),
                            origin, null, member.CompressedLength, cancellationToken);
                        continue;
                    }

                    Stream opened;
                    try
                    {
                        opened = member.Open();
                    }
                    catch (Exception e) when (e is InvalidDataException or NotSupportedException)
                    {
                        await run.RejectAsync(RejectionReasons.TruncatedArchive, $"zip entry '{member.FullName}' cannot be opened: {e.Message}", origin, null, member.CompressedLength, cancellationToken);
                        continue;
                    }

                    var compressedLength = member.CompressedLength;
                    await using var guarded = new ExpansionGuardStream(opened, () => compressedLength, run.Budget, $"zip entry '{member.FullName}'");
                    await ReadEntryAsync(guarded, member.FullName, path, depth + 1, member.Length, cancellationToken);
                }
            }
        }
        finally
        {
            if (spool is not null)
            {
                await spool.DisposeAsync();
            }
        }
    }

    /// <summary>Reads one archive entry; an entry-level problem quarantines the entry and lets the archive go on.</summary>
    private async ValueTask ReadEntryAsync(Stream stream, string name, string path, int depth, long length, CancellationToken cancellationToken)
    {
        try
        {
            await ReadAsync(stream, name, path, depth, length, cancellationToken);
        }
        catch (QuarantineException e) when (e.Reason is not (RejectionReasons.SizeLimit or RejectionReasons.TooManyEntries))
        {
            await run.RejectAsync(e.Reason, e.Message, RecordOrigin.Whole(path, FormatDetector.FromName(name)), null, length, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            await run.RejectAsync(RejectionReasons.TruncatedArchive, $"archive entry '{name}' is damaged: {e.Message}", RecordOrigin.Whole(path, FormatDetector.FromName(name)), null, length, cancellationToken);
        }
    }

    private static string JoinEntry(string outer, string inner) => outer.Length == 0 ? inner : $"{outer}!{inner}";
}
