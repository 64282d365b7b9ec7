using System.Globalization;

namespace Sluice.Integration.Tests;

/// <summary>
/// RabbitMQ, s3rver and PostgreSQL (the job store) for the tokenize tests. The broker takes a delivery back from any
/// consumer that holds it longer than <see cref="ConsumerTimeout"/>, so a worker that waited for training while holding
/// a message would have it delivered again.
/// </summary>
public sealed class TokenizeServers() : PipelineServers(ConsumerTimeout)
{
    /// <summary>The broker's delivery acknowledgement timeout in these tests.</summary>
    public static readonly TimeSpan ConsumerTimeout = TimeSpan.FromSeconds(4);

    /// <summary>
    /// A tokenize worker's settings: a policy that trains a <paramref name="vocabularySize"/>-id tokenizer (each test its
    /// own, so one test's frozen tokenizer is not another's), jobs in PostgreSQL schema <paramref name="jobSchema"/>.
    /// </summary>
    public Dictionary<string, string?> TokenizeSettings(int vocabularySize, string jobSchema, int settleSeconds = 1)
    {
        var settings = Loopback.ServiceSettings();
        settings["Tokenize:Tokenizer:Encoding"] = "train";
        settings["Tokenize:Tokenizer:VocabularySize"] = vocabularySize.ToString(CultureInfo.InvariantCulture);
        settings["Tokenize:Tokenizer:SettleSeconds"] = settleSeconds.ToString(CultureInfo.InvariantCulture);
        settings["Tokenize:ValidationFraction"] = "0.1";
        settings["Jobs:Store"] = "Postgres";
        settings["Jobs:ConnectionString"] = Postgres.ConnectionString;
        settings["Jobs:Schema"] = jobSchema;
        settings["Jobs:LeaseSeconds"] = "3";
        settings["Jobs:PollMilliseconds"] = "200";
        return settings;
    }
}
