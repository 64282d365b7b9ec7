using Sluice.Documents;

namespace Sluice.Stages;

/// <summary>Where a stage puts each input document: kept (as its output) or rejected with a reason. Never both, never neither.</summary>
/// <typeparam name="TOutput">What a kept document becomes.</typeparam>
public interface IStageSink<in TOutput>
{
    /// <summary>Writes the output made from one kept input document.</summary>
    ValueTask KeepAsync(TOutput output, CancellationToken cancellationToken);

    /// <summary>Sets one input document aside under <c>rejected/&lt;stage&gt;/&lt;reason&gt;/</c> with why.</summary>
    ValueTask RejectAsync(Document document, Rejection rejection, CancellationToken cancellationToken);
}
