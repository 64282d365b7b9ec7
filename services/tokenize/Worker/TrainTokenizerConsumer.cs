using MassTransit;
using Sluice.Contracts;

namespace Sluice.Tokenize.Worker;

/// <summary>The <c>tokenizer-training</c> endpoint: one request to train the policy's tokenizer (a no-op once it is frozen).</summary>
internal sealed class TrainTokenizerConsumer(TokenizerTrainingJob job) : IConsumer<TrainTokenizer>
{
    public async Task Consume(ConsumeContext<TrainTokenizer> context)
    {
        MessageSchema.EnsureSupported(context.Message.SchemaVersion, nameof(TrainTokenizer));
        await job.HandleAsync(context.Message, context.CancellationToken).ConfigureAwait(false);
    }
}
