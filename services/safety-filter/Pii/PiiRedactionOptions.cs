namespace Sluice.SafetyFilter;

/// <summary>Options of the PII redaction rule. The rule never drops a document; it replaces values with placeholders.</summary>
public sealed class PiiRedactionOptions
{
    /// <summary>Whether the rule runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The kinds redacted. Default: all of <see cref="PiiType"/>.</summary>
    public ISet<PiiType> Types { get; set; } = new HashSet<PiiType>(Enum.GetValues<PiiType>());

    /// <summary>Throws when the option set is unusable.</summary>
    public void Validate()
    {
        if (Types is null || Types.Any(t => !Enum.IsDefined(t)))
        {
            throw new ArgumentException("PII: Types must be set and hold only defined PiiType values.", nameof(Types));
        }
    }
}
