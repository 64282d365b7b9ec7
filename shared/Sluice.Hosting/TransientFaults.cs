using System.Net.Sockets;
using Amazon.Runtime;
using Npgsql;

namespace Sluice.Hosting;

/// <summary>
/// Which failures may heal by trying again (the broker, the object store or the database was briefly unreachable, slow
/// or overloaded) and which cannot (a hash mismatch, a format error, a validation error, a bug). Only the first kind is
/// retried, with backoff; the second goes to quarantine or to the endpoint's <c>_error</c> queue on the first attempt.
/// </summary>
public static class TransientFaults
{
    /// <summary>True when <paramref name="error"/> (or, for an aggregate, any error in it) is worth retrying.</summary>
    public static bool IsTransient(Exception error) => error switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        TimeoutException or HttpRequestException or SocketException => true,
        OperationCanceledException canceled => canceled.InnerException is TimeoutException,
        FileNotFoundException or DirectoryNotFoundException or PathTooLongException => false,
        IOException => true,
        AmazonServiceException service => (int)service.StatusCode >= 500 || (int)service.StatusCode == 429 || service.ErrorCode is "SlowDown" or "RequestTimeout",
        AmazonClientException => true,
        NpgsqlException database => database.IsTransient,
        _ => IsBrokerFault(error),
    };

    private static bool IsBrokerFault(Exception error) =>
        error.GetType().Namespace is { } ns && (ns.StartsWith("RabbitMQ.Client.Exceptions", StringComparison.Ordinal) || error is MassTransit.ConnectionException
            // A mandatory message no queue took (RoutedPublish): the next stage has not bound its queue yet.
            || error is MassTransit.MessageReturnedException);
}
