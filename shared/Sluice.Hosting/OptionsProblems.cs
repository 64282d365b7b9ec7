namespace Sluice.Hosting;

/// <summary>Turns the argument checks of a library's option type (which throw) into problems naming the configuration section.</summary>
public static class OptionsProblems
{
    /// <summary>The message of the <see cref="ArgumentException"/> (or data-annotation failure) <paramref name="validate"/> throws, prefixed by <paramref name="section"/>; none when it passes.</summary>
    public static IEnumerable<string> From(string section, Action validate)
    {
        ArgumentNullException.ThrowIfNull(validate);
        string? problem = null;
        try
        {
            validate();
        }
        catch (Exception e) when (e is ArgumentException or System.ComponentModel.DataAnnotations.ValidationException)
        {
            problem = $"{section}: {e.Message}";
        }

        return problem is null ? [] : [problem];
    }
}
