using Microsoft.AspNetCore.Builder;
using Sluice.Evaluator.Worker;
using Sluice.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddPipelineService<EvaluatorService>();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
