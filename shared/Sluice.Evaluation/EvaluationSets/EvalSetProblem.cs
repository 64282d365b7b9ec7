using System.Globalization;

namespace Sluice.Evaluation.EvaluationSets;

/// <summary>Something wrong in an evaluation set: which file, which line and field, and what.</summary>
/// <param name="File">The set's object key.</param>
/// <param name="Line">The 1-based line, or null for a problem of the whole file.</param>
/// <param name="Field">The JSON field concerned, or null.</param>
/// <param name="Message">What is wrong, in words a set's author can act on.</param>
public sealed record EvalSetProblem(string File, int? Line, string? Field, string Message)
{
    /// <summary><c>file:line: field: message</c>, the form reports print.</summary>
    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line.ToString(CultureInfo.InvariantCulture)}" : File;
        return Field is null ? $"{where}: {Message}" : $"{where}: {Field}: {Message}";
    }
}
