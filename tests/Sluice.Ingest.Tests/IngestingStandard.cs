using Sluice.Ingest.Text;

namespace Sluice.Ingest.Tests;

/// <summary>The default standardization, for computing what a test expects a document's text to be.</summary>
internal sealed class IngestingStandard
{
    private readonly TextStandardizer _standardizer = new(new IngestOptions().MaxSpaceRun, new IngestOptions().MaxBlankLines);

    public string Apply(string raw) => _standardizer.Standardize(raw, new StandardizationTally());
}
