using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Sluice.Dedupe;
using Sluice.Dedupe.Worker;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;
using Sluice.Ingest;
using Sluice.Ingest.Worker;
using Sluice.SafetyFilter;
using Sluice.SafetyFilter.Worker;
using Sluice.Testing;
using Sluice.Tokenize;
using Sluice.Tokenize.Worker;
using Sluice.Training.Lines;

namespace Sluice.Deployment.Tests;

/// <summary>
/// docker-compose.yml validates with Debian's docker-compose v1 (no engine needed), has no default credentials, and
/// every service's settings in it are ones that service really reads, with values that point at the right containers.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly Dictionary<string, string> Credentials = new()
    {
        ["RABBITMQ_USER"] = "pipeline",
        ["RABBITMQ_PASSWORD"] = "rabbit-secret-1",
        ["MINIO_ROOT_USER"] = "lakeadmin",
        ["MINIO_ROOT_PASSWORD"] = "minio-secret-1",
        ["POSTGRES_USER"] = "dedupe",
        ["POSTGRES_PASSWORD"] = "postgres-secret-1",
        ["SEQ_ADMIN_PASSWORD"] = "seq-secret-1",
        ["SEQ_API_KEY"] = "seq-key-1",
    };

    /// <summary>Every service of services/services.txt, as its worker wires it.</summary>
    private static IReadOnlyDictionary<string, IPipelineService> Services { get; } = ServiceEntries().ToDictionary(e => e.Name, ServiceList.Create);

    [Fact]
    public void The_compose_file_validates_with_docker_compose_v1()
    {
        var compose = ComposeFile.Resolve(Credentials);

        Assert.Subset(compose.Services.Keys.ToHashSet(), new HashSet<string> { "rabbitmq", "minio", "minio-setup", "postgres", "seq" }.Union(Services.Keys).ToHashSet());
    }

    [Fact]
    public void Every_credential_must_come_from_the_env_file_and_none_has_a_default()
    {
        foreach (var name in Credentials.Keys.Where(k => k != "SEQ_API_KEY"))
        {
            var without = Credentials.Where(p => p.Key != name).ToDictionary(p => p.Key, p => p.Value);

            var (exitCode, _, error) = ComposeFile.Config(without);

            Assert.True(exitCode != 0, $"compose accepted a missing {name}");
            Assert.Contains(name, error, StringComparison.Ordinal);
        }

        Assert.Equal(EnvExample.ReferencedByCompose().Order(), EnvExample.VariableNames().Order());
        Assert.All(EnvExample.Assignments(), p => Assert.True(p.Value.Length == 0, $".env.example gives {p.Key} a value"));
    }

    [Fact]
    public void Each_service_sets_only_keys_it_reads_and_starts_from_them()
    {
        var compose = ComposeFile.Resolve(Credentials);
        var built = compose.Services.Where(s => s.Value.Children.ContainsKey("build")).Select(s => s.Key).ToList();
        Assert.Equal(Services.Keys.Order(), built.Order());
        foreach (var name in Services.Keys)
        {
            var service = compose.Services[name];
            var build = (YamlDotNet.RepresentationModel.YamlMappingNode)service["build"];
            var dockerfile = ((YamlDotNet.RepresentationModel.YamlScalarNode)build["dockerfile"]).Value!;
            Assert.True(File.Exists(Path.Combine(RepoLayout.Root, dockerfile)), $"{name}: {dockerfile} is missing");

            // The service's own start-up validation accepts exactly these settings, and reads every one of them.
            var environment = ComposeFile.Environment(service);
            using var app = Build(name, environment.ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value));
            var sections = Sections(app);
            foreach (var key in environment.Keys)
            {
                Assert.True(IsRead(key, sections), $"{name}: {key} is not a setting the service reads");
            }

            foreach (var section in app.Services.GetServices<ConfiguredSection>())
            {
                // Reading the value runs the section's validation, which throws naming every bad key.
                var options = app.Services.GetService(typeof(Microsoft.Extensions.Options.IOptions<>).MakeGenericType(section.OptionsType))!;
                Assert.NotNull(options.GetType().GetProperty("Value")!.GetValue(options));
            }

            var bus = app.Services.GetRequiredService<BusOptions>();
            var storage = app.Services.GetRequiredService<StorageOptions>();
            var telemetry = app.Services.GetRequiredService<TelemetryOptions>();

            Assert.Equal(BusTransport.RabbitMq, bus.Transport);
            Assert.Equal(Credentials["RABBITMQ_USER"], bus.RabbitMq.Username);
            Assert.Equal(Credentials["RABBITMQ_PASSWORD"], bus.RabbitMq.Password);
            Assert.StartsWith("rabbitmq:", Image(compose, bus.RabbitMq.Host), StringComparison.Ordinal);
            Assert.Equal(StorageKind.S3, storage.Kind);
            Assert.StartsWith("minio/minio:", Image(compose, new Uri(storage.S3.ServiceUrl).Host), StringComparison.Ordinal);
            Assert.Equal(Credentials["MINIO_ROOT_USER"], storage.S3.AccessKey);
            Assert.StartsWith("datalust/seq:", Image(compose, new Uri(telemetry.OtlpEndpoint).Host), StringComparison.Ordinal);
            Assert.EndsWith("/ingest/otlp", telemetry.OtlpEndpoint, StringComparison.Ordinal);
            Assert.StartsWith("datalust/seq:", Image(compose, new Uri(telemetry.SeqUrl).Host), StringComparison.Ordinal);
            Assert.Equal(name, telemetry.ServiceName);
            if (app.Services.GetService<LanguageModelOptions>() is { } model)
            {
                // The image holds what the filter needs at start: the fortunes it trains the language model from, and the word lists beside the program.
                var image = File.ReadAllText(Path.Combine(RepoLayout.Root, dockerfile));
                Assert.Equal(FortuneTrainingCorpus.DefaultRoot, model.FortunesRoot);
                Assert.Contains("fortunes-es fortunes-de", image, StringComparison.Ordinal);
                Assert.Contains("-p:NaughtyWordsFolder=", image, StringComparison.Ordinal);
                Assert.False(app.Services.GetRequiredService<SafetyFilterOptions>().Stage.TagOnly);
            }

            if (app.Services.GetService<TokenizeOptions>() is { } tokenize)
            {
                // The policy in the file is valid; the standard encodings travel inside the program, so the image needs no npm.
                Assert.Empty(tokenize.FindProblems());
                Assert.True(tokenize.Tokenizer.TrainsOnData);
                Assert.DoesNotContain("npm", File.ReadAllText(Path.Combine(RepoLayout.Root, dockerfile)), StringComparison.Ordinal);
            }

            if (app.Services.GetService<JobOptions>() is { Store: JobStoreKind.Postgres } jobs)
            {
                // Jobs and their leases live in the compose PostgreSQL server, so replicas share them.
                var connection = new NpgsqlConnectionStringBuilder(jobs.ConnectionString);
                Assert.StartsWith("postgres:", Image(compose, connection.Host!), StringComparison.Ordinal);
                Assert.Equal(Credentials["POSTGRES_USER"], connection.Username);
                Assert.Equal(Credentials["POSTGRES_PASSWORD"], connection.Password);
            }

            if (app.Services.GetService<TrainerOptions>() is { } trainer)
            {
                // Every replica trains under a lease in the shared store, and its work folder is a volume the image lets it write.
                Assert.Equal(JobStoreKind.Postgres, app.Services.GetRequiredService<JobOptions>().Store);
                Assert.Empty(trainer.FindProblems());
                var volumes = (YamlDotNet.RepresentationModel.YamlSequenceNode)service["volumes"];
                Assert.Contains(volumes.Children, v => v.ToString().Split(':')[1] == trainer.WorkFolder);
                Assert.Contains($"chown app {trainer.WorkFolder}", File.ReadAllText(Path.Combine(RepoLayout.Root, dockerfile)), StringComparison.Ordinal);
            }

            if (app.Services.GetService<Sluice.Evaluator.Worker.EvaluatorOptions>() is { } evaluator)
            {
                // Evaluations run under a lease in the shared store; the image has the font the charts are drawn with.
                Assert.Equal(JobStoreKind.Postgres, app.Services.GetRequiredService<JobOptions>().Store);
                Assert.Empty(evaluator.FindProblems());
                Assert.Contains("fonts-dejavu-core", File.ReadAllText(Path.Combine(RepoLayout.Root, dockerfile)), StringComparison.Ordinal);
                Assert.Contains($"chown app {evaluator.WorkFolder}", File.ReadAllText(Path.Combine(RepoLayout.Root, dockerfile)), StringComparison.Ordinal);
            }

            if (name == "dedupe")
            {
                // The index is the compose PostgreSQL server, with the credentials of the env file.
                var index = app.Services.GetRequiredService<DedupeIndexOptions>();
                Assert.Equal(DedupeIndexKind.Postgres, index.Kind);
                var connection = new NpgsqlConnectionStringBuilder(index.Postgres.ConnectionString);
                Assert.StartsWith("postgres:", Image(compose, connection.Host!), StringComparison.Ordinal);
                Assert.Equal(Credentials["POSTGRES_USER"], connection.Username);
                Assert.Equal(Credentials["POSTGRES_PASSWORD"], connection.Password);
                var postgres = ComposeFile.Environment(compose.Services[connection.Host!]);
                Assert.Equal(postgres["POSTGRES_DB"], connection.Database);
                continue;
            }

            // The buckets the setup container creates are the ones the service uses.
            var entrypoint = compose.Services["minio-setup"]["entrypoint"];
            var setup = entrypoint is YamlDotNet.RepresentationModel.YamlSequenceNode parts ? string.Join(' ', parts.Children) : entrypoint.ToString();
            Assert.Contains($"sluice/{storage.DropBucket}", setup, StringComparison.Ordinal);
            Assert.Contains($"sluice/{storage.LakeBucket}", setup, StringComparison.Ordinal);
            Assert.Contains($"event add sluice/{storage.DropBucket}", setup, StringComparison.Ordinal);
            if (app.Services.GetService<DropWatchOptions>() is not { } watch)
            {
                continue;
            }

            // The exchange MinIO publishes to is the one the drop watcher binds.
            var minio = ComposeFile.Environment(compose.Services["minio"]);
            Assert.Equal(minio["MINIO_NOTIFY_AMQP_EXCHANGE_PRIMARY"], watch.MinioExchange);
            Assert.Equal(minio["MINIO_NOTIFY_AMQP_EXCHANGE_TYPE_PRIMARY"], watch.MinioExchangeType);
            Assert.Equal("on", minio["MINIO_NOTIFY_AMQP_DURABLE_PRIMARY"]);
            Assert.Contains($"{bus.RabbitMq.Username}:{bus.RabbitMq.Password}@{bus.RabbitMq.Host}:{bus.RabbitMq.Port}", minio["MINIO_NOTIFY_AMQP_URL_PRIMARY"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_misspelt_key_is_caught()
    {
        using var app = Build("ingest", new Dictionary<string, string?>());
        var sections = Sections(app);
        Assert.False(IsRead("Bus__RabitMq__Host", sections));
        Assert.False(IsRead("Storage__S3__Endpoint", sections));
        Assert.True(IsRead("Storage__S3__ServiceUrl", sections));
    }

    private static IReadOnlyList<ServiceListEntry> ServiceEntries()
    {
        using var reader = File.OpenText(Path.Combine(RepoLayout.Root, "services", "services.txt"));
        return ServiceList.Parse(reader);
    }

    private static WebApplication Build(string name, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "Sluice." + name, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        var service = Services[name];
        service.AddServices(builder);
        builder.AddSluiceBus(service.AddConsumers);
        return builder.Build();
    }

    private static Dictionary<string, Type> Sections(WebApplication app) =>
        app.Services.GetServices<ConfiguredSection>().ToDictionary(s => s.Name, s => s.OptionsType, StringComparer.OrdinalIgnoreCase);

    private static string Image(ComposeFile compose, string serviceName)
    {
        Assert.True(compose.Services.ContainsKey(serviceName), $"no compose service named {serviceName}");
        return ((YamlDotNet.RepresentationModel.YamlScalarNode)compose.Services[serviceName]["image"]).Value!;
    }

    /// <summary>Whether <c>Section__Property__…</c> names a settable property path of the section's options type (or ASP.NET's <c>Urls</c>).</summary>
    private static bool IsRead(string key, Dictionary<string, Type> sections)
    {
        var parts = key.Split("__");
        if (parts is ["Urls"])
        {
            return true;
        }

        if (!sections.TryGetValue(parts[0], out var type))
        {
            return false;
        }

        foreach (var part in parts.Skip(1))
        {
            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite)
            {
                return false;
            }

            type = property.PropertyType;
        }

        return parts.Length > 1;
    }
}
