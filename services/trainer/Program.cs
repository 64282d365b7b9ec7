using Microsoft.AspNetCore.Builder;
using Sluice.Hosting;
using Sluice.Training.Worker;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddPipelineService<TrainerService>();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
