using Microsoft.Extensions.Options;

namespace Sluice.Hosting;

/// <summary>Turns <see cref="ISluiceOptions.FindProblems"/> into the options framework's validation.</summary>
internal sealed class ProblemsValidator<T> : IValidateOptions<T>
    where T : class, ISluiceOptions
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = options.FindProblems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
