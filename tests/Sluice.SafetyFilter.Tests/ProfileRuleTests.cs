using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Testing;

namespace Sluice.SafetyFilter.Tests;

/// <summary>
/// Each source profile's rule set: a book's chapters, source files and chat transcripts pass their own profile's rules,
/// while the web rules (set on web pages) would remove them.
/// </summary>
public sealed class ProfileRuleTests
{
    private static readonly ProfiledSafetyStage Profiled = SafetyFilterBuilder.BuildProfiled(SharedModel.DefaultOptions(), SharedModel.LanguageIdentifier);

    // Chapters of a book as a printed text has them: the Brown Corpus's fiction (K to R), lines wrapped at 70 columns.
    private static IReadOnlyList<string> Chapters() => SharedModel.Brown.Where(d => d.Name[1] is >= 'k' and <= 'r').Take(12)
        .Select((d, i) => $"CHAPTER {i + 1}\n\n" + string.Join("\n\n", d.Text.Split("\n\n").Select(Wrap))).ToList();

    // Real source files: the JavaScript of a package the tests install.
    private static IReadOnlyList<string> SourceFiles() => Directory.GetFiles(Path.Combine(RepoLayout.PeerPackage("s3rver"), "lib"), "*.js", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal).Select(File.ReadAllText).Where(t => t.Length > 500).ToList();

    // Chat transcripts: two speakers trading the corpus's short fortunes.
    private static IReadOnlyList<string> Chats() => Fortunes.Read("en").Where(f => f.Length is > 20 and < 200).Take(60).Chunk(6)
        .Select(turns => string.Join("\n\n", turns.Select((t, i) => (i % 2 == 0 ? "user: " : "assistant: ") + t.Replace('\n', ' ')))).ToList();

    [Fact]
    public void A_books_chapters_pass_the_book_rules_whole_but_the_web_rules_strip_most_of_the_book()
    {
        var chapters = Chapters();
        // Toxicity is the same for every profile (one chapter of this fiction has more flagged words than allowed).
        var dropped = chapters.Select(c => Judge(c, "book").Rejected).Where(r => r is not null && r.Rule != "toxicity").Select(r => $"{r!.Rule}/{r.Reason} {r.MeasuredValue}").ToList();
        Assert.True(dropped.Count == 0, string.Join("; ", dropped));

        Assert.All(chapters.Select(c => (c, Judge(c, "book").Kept)).Where(k => k.Kept is not null), k => Assert.Equal(k.c, k.Kept!.Text));

        // As a web page, C4's line rule strips every wrapped line that does not end a sentence: most of the book is lost.
        var book = string.Join("\n\n", chapters);
        var whole = Judge(book, "web");
        var left = whole.Kept?.Text.Length ?? 0;
        Assert.True(left < book.Length / 2, $"the web rules left {left} of {book.Length} characters ({whole.Rejected?.Rule})");
    }

    [Fact]
    public void Source_files_pass_the_code_rules_but_fail_the_web_rules()
    {
        var files = SourceFiles();
        Assert.True(files.Count >= 5, $"only {files.Count} source files");
        Assert.All(files, f => Assert.NotNull(Judge(f, "code").Kept));
        Assert.True(files.Count(f => Judge(f, "web").Kept is null) >= files.Count * 0.8, "most source files should fail the web rules");
    }

    [Fact]
    public void The_code_rules_drop_minified_and_data_like_files_with_the_measured_value()
    {
        var minified = string.Concat(Enumerable.Repeat("var a=function(b){return b*2};", 60));
        var rejected = Judge(minified, "code").Rejected!;
        Assert.Equal(("code_quality", "max_line_length"), (rejected.Rule, rejected.Reason));
        Assert.Equal(minified.Length, rejected.MeasuredValue);

        var table = string.Join('\n', Enumerable.Repeat("{ }, [ ], ( ), -- ++ ==", 40));
        var data = Judge(table, "code").Rejected!;
        Assert.Equal("alphanumeric_fraction", data.Reason);
        Assert.Equal(0, data.MeasuredValue);
    }

    [Fact]
    public void Chat_transcripts_pass_the_conversation_rules_but_fail_the_web_rules()
    {
        var chats = Chats();
        var dropped = chats.Select(c => (c, Judge(c, "conversation").Rejected)).Where(r => r.Rejected is not null).Select(r => $"{r.Rejected!.Rule}/{r.Rejected.Reason} {r.Rejected.MeasuredValue}: {r.c}").ToList();
        Assert.True(dropped.Count == 0, string.Join("; ", dropped));
        var web = chats.Select(c => Judge(c, "web").Rejected).Where(r => r is not null).Select(r => $"{r!.Rule}/{r.Reason} {r.MeasuredValue}").ToList();
        // Measured: 6 of the 10 lose to C4's sentence count once its line rule has removed the unpunctuated turns.
        Assert.True(web.Count >= chats.Count / 2, $"{web.Count} of {chats.Count}: " + string.Join("; ", web));
    }

    [Fact]
    public void A_document_without_a_profile_gets_the_default_profiles_rules_and_the_profile_is_counted()
    {
        var stage = SafetyFilterBuilder.BuildProfiled(SharedModel.DefaultOptions(), SharedModel.LanguageIdentifier);
        var code = SourceFiles()[0];
        Assert.Null(stage.Process(new SafetyDocument("a", code, "{}")).Kept);
        Assert.Null(stage.Process(new SafetyDocument("b", code, "{\"profile\":\"poetry\"}")).Kept);
        Assert.NotNull(stage.Process(new SafetyDocument("c", code, "{\"profile\":\"code\"}")).Kept);
        Assert.Equal(2, stage.DocumentsByProfile["web"]);
        Assert.Equal(1, stage.DocumentsByProfile["code"]);

        var options = SharedModel.DefaultOptions();
        options.Profiles.Default = "code";
        Assert.NotNull(SafetyFilterBuilder.BuildProfiled(options, SharedModel.LanguageIdentifier).Process(new SafetyDocument("a", code, "{}")).Kept);
    }

    [Fact]
    public void A_profile_can_set_its_own_rules_and_thresholds()
    {
        var options = SharedModel.DefaultOptions();
        options.Profiles.Book.Rules = "gopher_quality";
        options.Profiles.Book.GopherQuality = new GopherQualityOptions { MinWords = 5_000 };
        var stage = SafetyFilterBuilder.BuildProfiled(options, SharedModel.LanguageIdentifier);
        Assert.Equal(["gopher_quality"], stage.Stages["book"].Rules.Select(r => r.Name));
        var rejected = stage.Process(new SafetyDocument("a", Chapters()[0], "{\"profile\":\"book\"}")).Rejected!;
        Assert.Equal(("gopher_quality", "gopher_short_doc"), (rejected.Rule, rejected.Reason));
        // The web profile still has its own (global) thresholds and every rule.
        Assert.Equal(7, stage.Stages["web"].Rules.Count);
    }

    [Fact]
    public void Unknown_rules_and_profiles_are_refused_by_name()
    {
        var options = SharedModel.DefaultOptions();
        options.Profiles.Code.Rules = "pii,lint";
        options.Profiles.Default = "poetry";
        options.Profiles.Conversation.CodeQuality = new CodeQualityOptions { MinAlphanumericFraction = 2 };
        var problems = string.Join(" ", options.FindProblems());
        Assert.Contains("code:Rules names 'lint'", problems, StringComparison.Ordinal);
        Assert.Contains("Default must be one of web, book, code, conversation (is 'poetry')", problems, StringComparison.Ordinal);
        Assert.Contains("conversation:CodeQuality: MinAlphanumericFraction must be between 0 and 1", problems, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_settings_are_part_of_the_configuration_hash()
    {
        var changed = SharedModel.DefaultOptions();
        changed.Profiles.Book.Rules = "pii";
        Assert.NotEqual(SharedModel.ShardStage().ConfigHash, SharedModel.ShardStage(changed).ConfigHash);
    }

    private static StageOutcome Judge(string text, string profile) =>
        Profiled.Process(new SafetyDocument("d", text, new JsonObject { ["profile"] = profile }.ToJsonString()));

    private static string Wrap(string paragraph)
    {
        var lines = new StringBuilder();
        var line = 0;
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line > 0 && line + 1 + word.Length > 70)
            {
                lines.Append('\n');
                line = 0;
            }
            else if (line > 0)
            {
                lines.Append(' ');
                line++;
            }

            lines.Append(word);
            line += word.Length;
        }

        return lines.ToString();
    }
}
