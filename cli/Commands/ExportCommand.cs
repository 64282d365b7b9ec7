using System.CommandLine;
using Sluice.Engine.Checkpoints;
using Sluice.Engine.Export;

namespace Sluice.Cli;

/// <summary><c>sluice export</c>: writes a checkpoint in the Hugging Face GPT-2 layout.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<DirectoryInfo>("checkpoint") { Description = "A checkpoint folder, or a run folder (its latest complete checkpoint)." };
        var destination = new Argument<DirectoryInfo>("dir") { Description = "Folder to write model.safetensors, config.json and the tokenizer into." };
        var format = new Option<string>("--format") { Description = "Export format; 'hf' (Hugging Face transformers GPT-2).", Required = true };
        format.AcceptOnlyFromAmong("hf");
        var command = new Command("export", "Export a checkpoint as safetensors + config.json in the Hugging Face GPT-2 layout.") { checkpoint, format, destination };
        command.SetAction(parseResult =>
        {
            var found = Checkpoint.Resolve(parseResult.GetValue(checkpoint)!.FullName);
            using var model = found.LoadModel();
            var files = HuggingFaceExport.Write(model, parseResult.GetValue(destination)!.FullName, found.LoadTokenizer());
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine($"exported step {found.Manifest.Step} ({model.ParameterCount:N0} parameters):");
            foreach (var file in files)
            {
                output.WriteLine($"  {file}");
            }

            return 0;
        });
        return command;
    }
}
