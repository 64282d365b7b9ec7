using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Sluice.Testing;

namespace Sluice.Engine.Tests;

/// <summary>
/// TorchSharp makes a native scalar for every number passed where it expects a <c>Scalar</c>, and some of its overloads
/// make one of their own; nothing holds such a scalar while libtorch reads it, so a collection during the call lets its
/// finalizer free it under libtorch ("Expected false to be true" from an optimizer step in CI; EngineScalars). A race
/// that rare cannot be caught by running the engine, so this test reads the engine's source with the C# compiler: no
/// number becomes a Scalar implicitly, and every TorchSharp member the engine uses is one whose TorchSharp 0.107 source
/// was read and makes no scalar (or tensor) that nothing holds.
/// </summary>
public sealed class TorchSharpCallTests
{
    // Each read in TorchSharp 0.107's source. Left out on purpose, because they make a Scalar of their own:
    // Tensor.add(Tensor), add_(Tensor), add(Scalar), add_(Scalar) (alpha = 1), the + operator on tensors (it calls add),
    // addcdiv_(Tensor, Tensor) and arange without a step. Numbers passed as double, float or long (dropout p,
    // layer-norm eps, normal_'s mean and std, bernoulli_'s p) cross as plain values and need no Scalar.
    private static readonly string[] Reviewed =
    [
        "Device.type",
        "Generator..ctor(ulong, Device?)",
        "Generator.Dispose()",
        "Generator.get_state()",
        "Generator.set_state(Tensor)",
        "Module.named_buffers(bool, bool)",
        "Module.named_parameters(bool)",
        "ScalarExtensionMethods.ToScalar(double)",
        "ScalarExtensionMethods.ToScalar(int)",
        "ScalarExtensionMethods.ToScalar(long)",
        "Tensor.DetachFromDisposeScope()",
        "Tensor.Dispose()",
        "Tensor.MoveToOuterDisposeScope()",
        "Tensor.add(Scalar, Scalar)",
        "Tensor.add(Tensor, Scalar)",
        "Tensor.add_(Scalar, Scalar)",
        "Tensor.add_(Tensor, Scalar)",
        "Tensor.addcdiv_(Tensor, Tensor, Scalar)",
        "Tensor.addcmul_(Tensor, Tensor, Scalar)",
        "Tensor.alias()",
        "Tensor.argmax(long, bool)",
        "Tensor.backward()",
        "Tensor.bernoulli_(double, Generator?)",
        "Tensor.bytes",
        "Tensor.clamp_max(Scalar)",
        "Tensor.contiguous()",
        "Tensor.copy_(Tensor, bool)",
        "Tensor.cpu()",
        "Tensor.cumsum(long, ScalarType?)",
        "Tensor.data()",
        "Tensor.detach()",
        "Tensor.device",
        "Tensor.div(Scalar, RoundingMode)",
        "Tensor.div_(Scalar, RoundingMode)",
        "Tensor.dtype",
        "Tensor.gather(long, Tensor)",
        "Tensor.ge(Scalar)",
        "Tensor.grad",
        "Tensor.index_select(long, Tensor)",
        "Tensor.item()",
        "Tensor.masked_fill(Tensor, Scalar)",
        "Tensor.mul(Scalar)",
        "Tensor.mul(Tensor)",
        "Tensor.mul_(Scalar)",
        "Tensor.mul_(Tensor)",
        "Tensor.narrow(long, long, long)",
        "Tensor.norm(float)",
        "Tensor.normal_(double, double, Generator?)",
        "Tensor.numel()",
        "Tensor.op_LessThan(Tensor, Tensor)",
        "Tensor.op_Subtraction(Tensor, Tensor)",
        "Tensor.reciprocal_()",
        "Tensor.requires_grad_(bool)",
        "Tensor.reshape(long[])",
        "Tensor.scatter(long, Tensor, Tensor)",
        "Tensor.select(long, long)",
        "Tensor.shape",
        "Tensor.sort(long, bool, bool)",
        "Tensor.split(long, int)",
        "Tensor.sqrt()",
        "Tensor.squeeze(long?)",
        "Tensor.this[](long)",
        "Tensor.to(Device, bool, bool, bool)",
        "Tensor.to(ScalarType, bool, bool, bool)",
        "Tensor.topk(int, int, bool, bool)",
        "Tensor.transpose(long, long)",
        "Tensor.unsqueeze(long)",
        "Tensor.view(long[])",
        "TensorAccessor.ToArray()",
        "cuda.device_count()",
        "cuda.is_available()",
        "functional.cross_entropy(Tensor, Tensor, Tensor?, long, Reduction, double)",
        "functional.gelu(Tensor, Approximate, bool)",
        "functional.layer_norm(Tensor, long[], Tensor?, Tensor?, double)",
        "functional.linear(Tensor, Tensor, Tensor?)",
        "functional.log_softmax(Tensor, long)",
        "functional.scaled_dot_product_attention(Tensor, Tensor, Tensor, Tensor?, double, bool)",
        "jit.load(string, DeviceType, long)",
        "torch.CUDA",
        "torch.InitializeDeviceType(DeviceType)",
        "torch.NewDisposeScope()",
        "torch.__version__",
        "torch.arange(Scalar, Scalar, Scalar, ScalarType?, Device?, bool)",
        "torch.empty(ReadOnlySpan<long>, ScalarType?, Device?, bool, string[]?)",
        "torch.empty(long[], ScalarType?, Device?, bool, string[]?)",
        "torch.empty_like(Tensor, ScalarType?, Device?, bool, string[]?)",
        "torch.get_num_threads()",
        "torch.manual_seed(long)",
        "torch.multinomial(Tensor, long, bool, Generator?)",
        "torch.no_grad()",
        "torch.ones(long, ScalarType?, Device?, bool, string[]?)",
        "torch.randint(long, long[], ScalarType?, Device?, bool, Generator?, string[]?)",
        "torch.set_num_threads(int)",
        "torch.softmax(Tensor, int, ScalarType?)",
        "torch.stack(IEnumerable<Tensor>, long)",
        "torch.tensor(float[], ReadOnlySpan<long>, ScalarType?, Device?, bool, string[]?)",
        "torch.tensor(int[], ReadOnlySpan<long>, ScalarType?, Device?, bool, string[]?)",
        "torch.tensor(int[], ScalarType?, Device?, bool, string[]?)",
        "torch.tensor(long[], ScalarType?, Device?, bool, string[]?)",
        "torch.zeros(long, ScalarType?, Device?, bool, string[]?)",
        "torch.zeros_like(Tensor, ScalarType?, Device?, bool, string[]?)",
    ];

    [Fact]
    public void The_engine_passes_libtorch_no_number_as_an_implicit_scalar_and_calls_only_reviewed_TorchSharp_members()
    {
        var compilation = CompileEngine();
        var implicitScalars = new SortedSet<string>(StringComparer.Ordinal);
        var used = new SortedSet<string>(StringComparer.Ordinal);
        var unheldScalars = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            // Each body, initializer and argument list once, from its outermost operation: an implicit conversion has
            // no syntax node of its own, so it is found only by walking the operation tree.
            var roots = tree.GetRoot().DescendantNodes()
                .Where(node => node.Parent is null || model.GetOperation(node.Parent) is null)
                .Select(node => model.GetOperation(node))
                .OfType<IOperation>();
            foreach (var operation in roots.SelectMany(root => root.DescendantsAndSelf()))
            {
                if (operation is IConversionOperation { OperatorMethod: { } conversion } && IsTorchSharp(conversion)
                    && conversion.ReturnType.Name == "Scalar")
                {
                    implicitScalars.Add($"{Where(operation.Syntax)}: {operation.Syntax}");
                }

                if (operation is IInvocationOperation { TargetMethod.Name: "ToScalar" } made && IsTorchSharp(made.TargetMethod) && !IsHeld(made))
                {
                    unheldScalars.Add($"{Where(made.Syntax)}: {made.Syntax}");
                }

                ISymbol? member = operation switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod,
                    IBinaryOperation binary => binary.OperatorMethod,
                    IUnaryOperation unary => unary.OperatorMethod,
                    ICompoundAssignmentOperation compound => compound.OperatorMethod,
                    IObjectCreationOperation creation => creation.Constructor,
                    IPropertyReferenceOperation property => property.Property,
                    IMethodReferenceOperation reference => reference.Method,
                    _ => null,
                };
                if (member is not null && IsTorchSharp(member))
                {
                    used.Add(Describe(member));
                }
            }
        }

        Assert.True(used.Count > 20, $"the engine's source was not bound: {used.Count} TorchSharp members found");
        Assert.True(implicitScalars.Count == 0, "numbers passed to TorchSharp as implicit Scalars:\n" + string.Join("\n", implicitScalars));
        Assert.True(unheldScalars.Count == 0, "Scalars made without a using declaration or a static readonly field to hold them:\n" + string.Join("\n", unheldScalars));
        var unreviewed = used.Except(Reviewed).ToList();
        Assert.True(unreviewed.Count == 0, "TorchSharp members not yet read for scalars of their own (add each to Reviewed once read):\n" + string.Join("\n", unreviewed));
        var stale = Reviewed.Except(used).ToList();
        Assert.True(stale.Count == 0, "Reviewed members the engine no longer uses:\n" + string.Join("\n", stale));
    }

    private static CSharpCompilation CompileEngine()
    {
        var folder = Path.Combine(RepoLayout.Root, "shared", "Sluice.Engine");
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsUnder(path, folder, "bin") && !IsUnder(path, folder, "obj") && !IsUnder(path, folder, "build"))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), options, path))
            .Append(CSharpSyntaxTree.ParseText(
                "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; "
                + "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;", options, "GlobalUsings.cs"))
            .ToList();

        // The test host's own assemblies (the engine's dependencies among them), without the compiled engine itself.
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileNameWithoutExtension(path) != "Sluice.Engine")
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "Sluice.Engine",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

        // LibraryImport's partial methods get their bodies from a source generator this compilation does not run.
        var errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795")
            .Select(d => d.ToString())
            .ToList();
        Assert.True(errors.Count == 0, "the engine's source did not compile here:\n" + string.Join("\n", errors.Take(10)));
        return compilation;
    }

    // A Scalar made explicitly must outlive the calls that read it: a using declaration disposes it at the end of its
    // scope, a static readonly field never.
    // (initializer → declarator → declaration → declaration group → using).
    private static bool IsHeld(IInvocationOperation made) => made.Parent switch
    {
        IVariableInitializerOperation { Parent.Parent.Parent.Parent: IUsingDeclarationOperation or IUsingOperation } => true,
        IFieldInitializerOperation field => field.InitializedFields.All(f => f.IsStatic && f.IsReadOnly),
        _ => false,
    };

    private static bool IsUnder(string path, string root, string child) =>
        path.StartsWith(Path.Combine(root, child) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static bool IsTorchSharp(ISymbol symbol) => symbol.ContainingAssembly?.Name == "TorchSharp";

    private static string Describe(ISymbol symbol)
    {
        var original = symbol is IMethodSymbol method ? (method.ReducedFrom ?? method).OriginalDefinition : symbol.OriginalDefinition;
        var parameters = original switch
        {
            IMethodSymbol m => m.Parameters,
            IPropertySymbol p => p.Parameters,
            _ => [],
        };
        var signature = parameters.IsEmpty && original is IPropertySymbol { IsIndexer: false }
            ? string.Empty
            : "(" + string.Join(", ", parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")";
        return $"{original.ContainingType.Name}.{original.Name}{signature}";
    }

    private static string Where(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        return $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
    }
}
