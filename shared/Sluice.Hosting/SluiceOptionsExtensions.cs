using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Sluice.Hosting;

/// <summary>How every service registers its options: bound from a section, validated by <see cref="ISluiceOptions.FindProblems"/> when the host starts.</summary>
public static class SluiceOptionsExtensions
{
    /// <summary>
    /// <c>AddOptions&lt;T&gt;().BindConfiguration(section).ValidateOnStart()</c>, validated by the options' own
    /// <see cref="ISluiceOptions.FindProblems"/> (a bad setting fails the start with <see cref="OptionsValidationException"/>
    /// listing every problem), and <typeparamref name="T"/> itself resolvable for the classes that take it.
    /// </summary>
    public static IHostApplicationBuilder AddSluiceOptions<T>(this IHostApplicationBuilder builder, string section)
        where T : class, ISluiceOptions, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(section);
        builder.Services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, ProblemsValidator<T>>());
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        var configured = new ConfiguredSection(section, typeof(T));
        if (!builder.Services.Any(d => Equals(d.ImplementationInstance, configured)))
        {
            builder.Services.AddSingleton(configured);
        }

        return builder;
    }

    /// <summary>
    /// The section's values for a decision that must be taken while the services are wired (which transport, whether an
    /// endpoint exists); everything else reads the registered options.
    /// </summary>
    public static T ReadOptions<T>(this IHostApplicationBuilder builder, string section)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Configuration.GetSection(section).Get<T>() ?? new T();
    }
}
