using Microsoft.Extensions.Options;

namespace Sluice.Hosting;

/// <summary>Reads every configuration problem out of a failed start, whether one options type failed or several.</summary>
public static class ConfigurationProblems
{
    /// <summary>Each problem the start failed on, naming its key; empty when <paramref name="error"/> is not about configuration.</summary>
    public static IReadOnlyList<string> Of(Exception error) => error switch
    {
        OptionsValidationException options => options.Failures.ToList(),
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Of).ToList(),
        _ => [],
    };
}
