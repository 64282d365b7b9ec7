namespace Sluice.Hosting;

/// <summary>The configuration a service started with cannot work; the message lists every problem found.</summary>
public sealed class SluiceConfigurationException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public SluiceConfigurationException(IReadOnlyList<string> problems)
        : base("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    /// <summary>Each problem, naming the configuration key.</summary>
    public IReadOnlyList<string> Problems { get; }
}
