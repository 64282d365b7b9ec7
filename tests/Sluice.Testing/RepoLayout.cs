namespace Sluice.Testing;

/// <summary>Locates the repository and the things <c>scripts/setup.sh</c> installs.</summary>
public static class RepoLayout
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository root: the folder holding <c>Sluice.slnx</c>.</summary>
    public static string Root => RootPath.Value;

    /// <summary><c>scripts/peers</c>: the npm project with the real implementations Sluice is compared against.</summary>
    public static string Peers => Path.Combine(Root, "scripts", "peers");

    /// <summary><c>scripts/peers/node_modules</c>; throws with the set-up command when it is missing.</summary>
    public static string PeerModules
    {
        get
        {
            var modules = Path.Combine(Peers, "node_modules");
            if (!Directory.Exists(modules))
            {
                throw new InvalidOperationException($"The npm peers are not installed ({modules} is missing): run scripts/setup.sh first.");
            }

            return modules;
        }
    }

    /// <summary>A package inside <see cref="PeerModules"/>, checked to exist.</summary>
    public static string PeerPackage(string name)
    {
        var path = Path.Combine(PeerModules, name);
        if (!Directory.Exists(path))
        {
            throw new InvalidOperationException($"The npm package '{name}' is not installed under {PeerModules}: run scripts/setup.sh first.");
        }

        return path;
    }

    /// <summary>A fresh, empty folder under the system temp folder; the caller deletes it.</summary>
    public static string NewTempFolder(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SLUICE_REPO_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (Sluice.slnx) above " + AppContext.BaseDirectory);
    }
}
