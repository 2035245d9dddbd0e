using System.Text.Json.Nodes;
using Nas.Search;
using Nas.Spaces.Recurrent;
using Nas.Store;
using Nas.Torch.Search;

namespace Nas.Tests.Recurrent;

/// <summary>
/// The searches over the recurrent DAG cell run from code, as a library user writes them: a request as data, the
/// catalog's search, the runner, a store. Each ends with an rnn-dag cell and one log step per epoch.
/// </summary>
public class RecurrentSearchFromCodeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nas-rnn-code-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("darts-2nd", "darts-2nd-rnn")]
    [InlineData("snas", "snas-rnn")]
    [InlineData("enas", "enas-rnn")]
    public async Task A_request_for_the_rnn_dag_space_runs_from_code_and_ends_with_a_cell(string method, string kind)
    {
        var text = Path.Combine(_dir, method + ".txt");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog. ", 120)));
        var request = new SearchRequest
        {
            Method = method,
            Space = RnnDagSpace.Name,
            SpaceSettings = new JsonObject { ["nodes"] = 3 },
            Seed = 2,
            Settings = new JsonObject
            {
                ["data"] = new JsonObject { ["dataset"] = "text:" + text },
                ["training"] = new JsonObject { ["epochs"] = 2, ["batch_size"] = 4, ["bptt"] = 8 },
                ["model"] = new JsonObject { ["hidden_size"] = 8 },
            },
        };
        if (method == "enas") request = request.With("enas.controller_steps", 2).With("enas.final_samples", 2);
        using var store = SqliteExperimentStore.InMemory();
        using var search = SearchCatalog.Default.Create(request);
        var result = await SearchRunner.RunAsync(search, new SearchSession { Store = store, Directory = Path.Combine(_dir, method) });

        Assert.Equal(RnnDagSpace.Name, result.Best!.Space.Name);
        Assert.Equal(3, RnnDagSpace.ToGenotype(result.Best).Steps.Length);
        Assert.Equal(2, store.Steps(kind).Count);
        Assert.True(File.Exists(Path.Combine(_dir, method, "best.json")));
        Assert.Equal(method, SearchRunner.Recorded(store).Method);
    }
}
