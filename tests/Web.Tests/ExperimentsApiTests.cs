using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>The HTTP API against the real lab: in-process silo, LiteDB on disk, real training.</summary>
public sealed class ExperimentsApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4); // the shared lab's queue may hold other tests' runs first
    private readonly LabWebApplicationFactory lab = new();
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = lab.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await lab.DisposeAsync();
        lab.DeleteData();
    }

    [Fact]
    public async Task Smoke_experiment_completes_with_a_falling_loss_series_and_per_sample_IoU()
    {
        var created = await client.PostAsJsonAsync("/api/experiments", new
        {
            name = "api smoke", model = "3d", batchNorm = true, annotatedSlices = new[] { 2, 2, 2 }, preset = "smoke", seed = 1, iterations = 40, evaluateEvery = 10,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal($"/api/experiments/{id}", created.Headers.Location!.OriginalString);
        Assert.EndsWith($"/experiments/{id}", body.GetProperty("url").GetString());

        var experiment = await WaitUntilFinished(id);
        Assert.Equal("completed", experiment.GetProperty("status").GetString());
        Assert.False(experiment.TryGetProperty("curve", out _), "the curve is a series of its own");
        var samples = experiment.GetProperty("metrics").GetProperty("samples").EnumerateArray().ToArray();
        Assert.Equal(["S1", "S2", "S3"], samples.Select(s => s.GetProperty("sample").GetString()));
        Assert.All(samples, s => Assert.InRange(s.GetProperty("iou").GetDouble(), 0, 1));
        Assert.Equal("tubule", experiment.GetProperty("metrics").GetProperty("iouClassNames").GetString());
        Assert.Equal(10, experiment.GetProperty("config").GetProperty("evaluateEvery").GetInt32());

        var series = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}/series");
        var names = series.EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => (s.GetProperty("total").GetInt32(), s.GetProperty("lastStep").GetInt32()));
        Assert.Equal((40, 40), names["loss"]);
        Assert.Equal((40, 40), names["learningRate"]);
        Assert.Equal((4, 40), names["validationIou"]);
        Assert.Equal((4, 40), names["validationIou/tubule"]);

        var loss = await Points($"/api/experiments/{id}/series/loss");
        Assert.Equal(Enumerable.Range(1, 40), loss.Select(p => p.Step));
        Assert.True(loss.TakeLast(10).Average(p => p.Value) < loss.Take(10).Average(p => p.Value), "the loss curve did not fall");
        Assert.Equal(experiment.GetProperty("lastLoss").GetDouble(), loss[^1].Value);

        var validation = await Points($"/api/experiments/{id}/series/validationIou");
        Assert.Equal([10, 20, 30, 40], validation.Select(p => p.Step));
        Assert.Equal(experiment.GetProperty("metrics").GetProperty("meanIou").GetDouble(), validation[^1].Value);
        Assert.Equal(validation.Max(p => p.Value), experiment.GetProperty("bestValidationIou").GetDouble());
        Assert.Equal(validation, await Points($"/api/experiments/{id}/series/validationIou/tubule"));

        var list = await client.GetFromJsonAsync<JsonElement>("/api/experiments");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var row = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal((id, "completed", 40), (row.GetProperty("id").GetString(), row.GetProperty("status").GetString(), row.GetProperty("step").GetInt32()));
        Assert.Equal(experiment.GetProperty("metrics").GetProperty("meanIou").GetDouble(), row.GetProperty("meanIou").GetDouble());
    }

    [Fact]
    public async Task A_series_is_cut_down_on_the_server_keeping_its_ends_and_extremes_and_read_from_a_step()
    {
        var id = await Completed(new { model = "2d", iterations = 30, evaluateEvery = 0 });
        var loss = await Points($"/api/experiments/{id}/series/loss");
        Assert.Equal(30, loss.Length);

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}/series/loss?maxPoints=6");
        Assert.Equal("loss", page.GetProperty("name").GetString());
        Assert.Equal(30, page.GetProperty("total").GetInt32());
        var cut = PointsOf(page);
        Assert.InRange(cut.Length, 2, 6);
        Assert.Equal((loss[0], loss[^1]), (cut[0], cut[^1]));
        Assert.Contains(loss.MaxBy(p => p.Value), cut);
        Assert.Contains(loss.MinBy(p => p.Value), cut);

        // What a chart that holds steps 1–25 asks for next.
        var tail = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}/series/loss?from=26");
        Assert.Equal(5, tail.GetProperty("total").GetInt32());
        Assert.Equal(loss[25..], PointsOf(tail));
        Assert.Equal(loss[9..12], await Points($"/api/experiments/{id}/series/loss?from=10&to=12"));
        Assert.Equal([30], (await Points($"/api/experiments/{id}/series/validationIou")).Select(p => p.Step)); // only after the last step
    }

    [Theory]
    [InlineData("maxPoints=many", "maxPoints", "'many'")]
    [InlineData("maxPoints=1", "maxPoints", "from 2 to 100000")]
    [InlineData("maxPoints=100001", "maxPoints", "'100001'")]
    [InlineData("from=-1", "from", "'-1'")]
    [InlineData("to=1.5", "to", "'1.5'")]
    [InlineData("from=9&to=3", "to", "not be before from (9)")]
    public async Task A_bad_series_query_gets_400_naming_the_value(string query, string field, string says)
    {
        var response = await client.GetAsync($"/api/experiments/exp-nothere/series/loss?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for '{field}' in {problem}");
        Assert.Contains(says, messages[0].GetString());
    }

    [Fact]
    public async Task Series_of_an_unknown_experiment_or_an_unknown_series_are_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/experiments/exp-nothere/series")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/experiments/exp-nothere/series/loss")).StatusCode);
        var created = await client.PostAsJsonAsync("/api/experiments", new { model = "3d", iterations = 2 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var missing = await client.GetAsync($"/api/experiments/{id}/series/accuracy");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no series 'accuracy'", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/experiments/{id}/series")).StatusCode);
    }

    [Fact]
    public async Task Only_the_model_is_required()
    {
        var created = await client.PostAsJsonAsync("/api/experiments", new { model = "2d", iterations = 2 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var experiment = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
        var config = experiment.GetProperty("config");
        Assert.Equal("2d", config.GetProperty("model").GetString());
        Assert.True(config.GetProperty("batchNorm").GetBoolean());
        Assert.Equal([2, 2, 2], config.GetProperty("annotatedSlices").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal("smoke", config.GetProperty("preset").GetString());
        Assert.False(config.GetProperty("augment").GetBoolean()); // the smoke preset's default
    }

    [Fact]
    public async Task Every_training_field_is_accepted_and_echoed_under_config()
    {
        using var content = new StringContent("""
            {"model":"3d","iterations":2,"optimizer":"sgd","learningRate":0.02,"schedule":"cosine","gradientClipNorm":1.5,"precision":"bf16",
             "classWeights":[0.5,2,0.25],"iouClasses":[1,2],"batchStatisticsAtInference":true}
            """, System.Text.Encoding.UTF8, "application/json");
        var created = await client.PostAsync("/api/experiments", content);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var config = (await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}")).GetProperty("config");
        Assert.Equal("sgd", config.GetProperty("optimizer").GetString());
        Assert.Equal(0.02, config.GetProperty("learningRate").GetDouble());
        Assert.Equal("cosine", config.GetProperty("schedule").GetString());
        Assert.Equal(1.5, config.GetProperty("gradientClipNorm").GetDouble());
        Assert.Equal("bf16", config.GetProperty("precision").GetString());
        Assert.Equal([0.5, 2, 0.25], config.GetProperty("classWeights").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([1, 2], config.GetProperty("iouClasses").EnumerateArray().Select(v => v.GetInt32()));
        Assert.True(config.GetProperty("batchStatisticsAtInference").GetBoolean());

        var finished = await WaitUntilFinished(id!);
        Assert.Equal("completed", finished.GetProperty("status").GetString());
        Assert.Equal([0.5, 2, 0.25], finished.GetProperty("metrics").GetProperty("classWeights").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("tubule + background", finished.GetProperty("metrics").GetProperty("iouClassNames").GetString());
    }

    [Fact]
    public async Task Defaults_are_echoed_as_they_take_effect()
    {
        var created = await client.PostAsJsonAsync("/api/experiments", new { model = "3d", preset = "cpu", iterations = 1 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var config = (await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}")).GetProperty("config");
        Assert.Equal("adam", config.GetProperty("optimizer").GetString());
        Assert.Equal(0.005, config.GetProperty("learningRate").GetDouble());
        Assert.Equal("cosine", config.GetProperty("schedule").GetString());
        Assert.Equal(5, config.GetProperty("gradientClipNorm").GetDouble());
        Assert.Equal("fp32", config.GetProperty("precision").GetString());
        Assert.Equal([1], config.GetProperty("iouClasses").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(JsonValueKind.Null, config.GetProperty("classWeights").ValueKind); // computed from the annotation
        Assert.Equal("3d with BN", config.GetProperty("name").GetString());
        await client.PostAsync($"/api/experiments/{id}/cancel", null);
    }

    [Theory]
    [InlineData("""{"model":"3d","optimizer":"rmsprop"}""", "optimizer", "\"sgd\", \"adam\"")]
    [InlineData("""{"model":"3d","schedule":"weekly"}""", "schedule", "\"cosine\"")]
    [InlineData("""{"model":"3d","learningRate":-1}""", "learningRate", "positive")]
    [InlineData("""{"model":"3d","learningRate":"fast"}""", "learningRate", "wrong type")]
    [InlineData("""{"model":"3d","gradientClipNorm":-2}""", "gradientClipNorm", "0 (off)")]
    [InlineData("""{"model":"3d","precision":"fp8"}""", "precision", "\"fp32\", \"bf16\", \"fp16\"")]
    [InlineData("""{"model":"3d","classWeights":[1,2]}""", "classWeights", "3 finite")]
    [InlineData("""{"model":"3d","iouClasses":[5]}""", "iouClasses", "distinct labels")]
    [InlineData("""{"model":"3d","batchStatisticsAtInference":"yes"}""", "batchStatisticsAtInference", "wrong type")]
    [InlineData("""{"model":"3d","evaluateEvery":-5}""", "evaluateEvery", "0 (only after the last step)")]
    public async Task Wrong_training_value_gets_400_naming_the_field_and_the_problem(string json, string field, string says)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/experiments", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for '{field}' in {problem}");
        Assert.Contains(says, messages[0].GetString());
    }

    [Theory]
    [InlineData("""{"preset":"smoke"}""", "model")]
    [InlineData("""{"model":"4d"}""", "model")]
    [InlineData("""{"model":"3d","annotatedSlices":[1,2]}""", "annotatedSlices")]
    [InlineData("""{"model":"3d","annotatedSlices":[0,0,0]}""", "annotatedSlices")]
    [InlineData("""{"model":"3d","preset":"enormous"}""", "preset")]
    [InlineData("""{"model":"3d","iterations":0}""", "iterations")]
    [InlineData("""{"model":"3d","seed":"one"}""", "seed")]
    [InlineData("""{"model":"3d","iteration":5}""", "iteration")]
    [InlineData("""{"model":"3d",""", "body")]
    public async Task Invalid_request_gets_400_naming_the_field(string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/experiments", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
        Assert.Contains(field, problem.GetProperty("detail").GetString());

        var list = await client.GetFromJsonAsync<JsonElement>("/api/experiments");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Unknown_experiment_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/experiments/exp-nothere")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/experiments/exp-nothere/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/experiments/not%20an%20id")).StatusCode);
    }

    [Fact]
    public async Task Running_experiment_is_cancelled_through_the_api()
    {
        var created = await client.PostAsJsonAsync("/api/experiments", new { model = "3d", iterations = 100_000 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitFor(id, e => e.GetProperty("progress").GetProperty("step").GetInt32() > 0);

        var cancel = await client.PostAsync($"/api/experiments/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var final = await WaitUntilFinished(id);
        Assert.Equal("cancelled", final.GetProperty("status").GetString());
    }

    private sealed record Point(int Step, double Value, double Seconds);

    private async Task<Point[]> Points(string url) => PointsOf(await client.GetFromJsonAsync<JsonElement>(url));

    private static Point[] PointsOf(JsonElement page) =>
        page.GetProperty("points").EnumerateArray()
            .Select(p => new Point(p.GetProperty("step").GetInt32(), p.GetProperty("value").GetDouble(), p.GetProperty("seconds").GetDouble()))
            .ToArray();

    private async Task<string> Completed(object spec)
    {
        var created = await client.PostAsJsonAsync("/api/experiments", spec);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal("completed", (await WaitUntilFinished(id)).GetProperty("status").GetString());
        return id;
    }

    private Task<JsonElement> WaitUntilFinished(string id) =>
        WaitFor(id, e => e.GetProperty("status").GetString() is "completed" or "failed" or "cancelled");

    private async Task<JsonElement> WaitFor(string id, Func<JsonElement, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var experiment = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}", timeout.Token);
            if (condition(experiment)) return experiment;
            await Task.Delay(100, timeout.Token);
        }
    }
}
