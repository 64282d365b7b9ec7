using Microsoft.AspNetCore.Builder;
using Sluice.Dedupe.Worker;
using Sluice.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddPipelineService<DedupeService>();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
