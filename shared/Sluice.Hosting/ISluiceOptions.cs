namespace Sluice.Hosting;

/// <summary>
/// Options bound from one configuration section that check themselves: the one validation idiom every service uses.
/// Registered with <see cref="SluiceOptionsExtensions.AddSluiceOptions{T}"/>, a service that starts with any problem
/// refuses to start and names every bad key.
/// </summary>
public interface ISluiceOptions
{
    /// <summary>Every problem with these settings, each naming its configuration key; empty when they are usable.</summary>
    IEnumerable<string> FindProblems();
}
