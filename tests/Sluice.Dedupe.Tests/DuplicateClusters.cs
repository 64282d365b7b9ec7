using Sluice.Testing;

namespace Sluice.Dedupe.Tests;

/// <summary>
/// Documents in known duplicate clusters, from Brown corpus text: each cluster's original is three consecutive
/// paragraphs (long enough that every member pair shares an LSH band), and its members are an exact copy with case and
/// punctuation changed, a copy with a word deleted, one with a word inserted, and one with its end cut. Singletons are
/// unrelated documents. Ids look like <c>c007-m2</c> (cluster 7, member 2) or <c>s003</c>.
/// </summary>
internal sealed class DuplicateClusters
{
    private DuplicateClusters(IReadOnlyList<DedupeDocument> documents, IReadOnlyDictionary<string, string> clusterOf)
    {
        Documents = documents;
        ClusterOf = clusterOf;
    }

    public IReadOnlyList<DedupeDocument> Documents { get; }

    /// <summary>The cluster name of each document id (a singleton is its own cluster).</summary>
    public IReadOnlyDictionary<string, string> ClusterOf { get; }

    public int ClusterCount => ClusterOf.Values.Distinct().Count();

    public static DuplicateClusters Build(int clusters, int singletons, int seed)
    {
        var random = new Random(seed);
        var paragraphs = BrownCorpus.Paragraphs().Where(p => p.Split(' ').Length >= 70).ToList();
        var documents = new List<DedupeDocument>();
        var clusterOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var next = 0;
        string Take() => string.Join("\n\n", paragraphs[next++], paragraphs[next++], paragraphs[next++]);

        for (var c = 0; c < clusters; c++)
        {
            var original = Take();
            var words = original.Split(' ').ToList();
            string[] members =
            [
                original,
                original.ToUpperInvariant().Replace(",", string.Empty, StringComparison.Ordinal),
                string.Join(' ', words.Where((_, i) => i != 10 + random.Next(20))),
                string.Join(' ', words.Take(words.Count / 2).Append("indeed").Concat(words.Skip(words.Count / 2))),
                string.Join(' ', words.Take(words.Count - 3)),
            ];
            for (var m = 0; m < members.Length; m++)
            {
                var id = $"c{c:D3}-m{m}";
                documents.Add(new DedupeDocument(id, members[m]));
                clusterOf[id] = $"c{c:D3}";
            }
        }

        for (var s = 0; s < singletons; s++)
        {
            var id = $"s{s:D3}";
            documents.Add(new DedupeDocument(id, Take()));
            clusterOf[id] = id;
        }

        return new DuplicateClusters(documents.OrderBy(_ => random.Next()).ToList(), clusterOf);
    }

    /// <summary>The documents cut into <paramref name="count"/> shards of about equal size, named <c>shard-N</c>.</summary>
    public IReadOnlyList<(string Key, IReadOnlyList<DedupeDocument> Documents)> Shards(int count) =>
        Enumerable.Range(0, count)
            .Select(s => ($"shard-{s}", (IReadOnlyList<DedupeDocument>)Documents.Where((_, i) => i % count == s).ToList()))
            .ToList();

    /// <summary>Asserts that every cluster has exactly one kept member, over the kept ids of any number of runs.</summary>
    public void AssertOneKeptPerCluster(IEnumerable<string> keptIds)
    {
        var kept = keptIds.Distinct(StringComparer.Ordinal).ToList();
        var perCluster = kept.GroupBy(id => ClusterOf[id]).ToDictionary(g => g.Key, g => g.Count());
        var missing = ClusterOf.Values.Distinct().Where(c => !perCluster.ContainsKey(c)).ToList();
        var doubled = perCluster.Where(p => p.Value > 1).Select(p => $"{p.Key}×{p.Value}").ToList();
        Assert.True(missing.Count == 0, $"clusters with no kept member: {string.Join(", ", missing)}");
        Assert.True(doubled.Count == 0, $"clusters with more than one kept member: {string.Join(", ", doubled)}");
    }
}
