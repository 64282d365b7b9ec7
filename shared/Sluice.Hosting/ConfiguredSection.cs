namespace Sluice.Hosting;

/// <summary>
/// One configuration section a service reads, and the options type it binds to: registered by
/// <see cref="SluiceOptionsExtensions.AddSluiceOptions{T}"/>, so a deployment can be checked against exactly the keys
/// the service reads, and the configuration reference is generated from the types themselves.
/// </summary>
/// <param name="Name">The section (<c>Bus</c>, <c>Tokenize</c>, …); environment variables spell it <c>Name__Property</c>.</param>
/// <param name="OptionsType">The options class its keys bind to.</param>
public sealed record ConfiguredSection(string Name, Type OptionsType);
