using System.CommandLine;
using Nas.Cli.Commands;
using Nas.Torch.Runtime;

// Allocator tuning must come before the first tensor exists (NAS_NO_MALLOPT=1 opts out).
NativeAllocator.Configure();

// Logs and pipes get wide tables instead of 80 columns.
if (System.Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 200;

var root = new RootCommand("nas: neural architecture search for .NET. Search a space, then train the best architecture from scratch.");
root.Subcommands.Add(SearchCommand.Create());
root.Subcommands.Add(WorkerCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(ShowCommand.Create());
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(DrawCommand.Create());
return await root.Parse(args).InvokeAsync();
