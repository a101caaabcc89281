"""PyTorch peer for bench/train: the same models, samples/s of training steps, and a 1024² matmul,
at 1 and 2 threads (CPU; a third argument lists others, e.g. "1,4,16") or on CUDA (`cuda` as the second
argument, for bench/gpu.mjs).
Prints one JSON object. Run with Debian's /usr/bin/python3 here. The video-QA model needs
torchvision (Debian python3-torchvision); without it that model is skipped and the reason given
in "skipped"."""
import json, sys, time
import torch
from torch import nn

def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10)), \
        (lambda: (torch.rand(128, 784), torch.randint(0, 10, (128,)))), nn.CrossEntropyLoss(), 128

def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10)), \
        (lambda: (torch.rand(64, 1, 28, 28), torch.randint(0, 10, (64,)))), nn.CrossEntropyLoss(), 64

class EmbedLstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(10000, 64)
        self.lstm = nn.LSTM(64, 64, batch_first=True)
        self.out = nn.Linear(64, 1)
    def forward(self, x):
        _, (h, _) = self.lstm(self.embedding(x))
        return self.out(h[-1]).squeeze(1)

def embed_lstm():
    return EmbedLstm(), (lambda: (torch.randint(0, 10000, (64, 50)), torch.randint(0, 2, (64,)).float())), nn.BCEWithLogitsLoss(), 64

# The seed's video-QA model at bench/train/models.ts's small size (same lengths of real words).
QA_BATCH, QA_FRAMES, QA_SIZE, QA_WORDS = 4, 4, 75, 100
QA_LENGTHS = [100, 70, 40, 10]

try:
    import torchvision
    TORCHVISION = torchvision.__version__
except ImportError:
    TORCHVISION = None

class VideoQa(nn.Module):
    """torchvision's inception_v3 stands in for Keras's InceptionV3: the same convolutions and
    pools, but its batch norm learns a scale (Keras: scale=False, so 17,216 more frozen numbers)
    and its branch average pools count the zero padding (Keras's do not); neither changes the
    work. Frozen as the seed freezes it: no gradients, and batch norm kept in eval mode.
    Elsewhere: PyTorch's LSTM has two bias vectors per gate (Keras one); padding_idx=0 keeps
    word 0's row at zero where Keras's mask_zero leaves it trainable but unused; and the packed
    question LSTM runs only each question's real words, where Keras's masked LSTM steps through
    all 100 and carries its state over the padding."""
    def __init__(self):
        super().__init__()
        self.cnn = torchvision.models.inception_v3(weights=None, aux_logits=False, init_weights=False)
        self.cnn.fc = nn.Identity()  # include_top=False, pooling='avg': the 2048 pooled features
        for p in self.cnn.parameters():
            p.requires_grad = False
        self.video_lstm = nn.LSTM(2048, 256, batch_first=True)
        self.embedding = nn.Embedding(10000, 256, padding_idx=0)
        self.question_lstm = nn.LSTM(256, 128, batch_first=True)
        self.hidden = nn.Linear(256 + 128, 128)
        self.out = nn.Linear(128, 1000)
    def train(self, mode=True):
        super().train(mode)
        self.cnn.eval()
        return self
    def forward(self, video, question, lengths):
        b, t = video.shape[:2]
        frames = self.cnn(video.reshape(b * t, *video.shape[2:])).reshape(b, t, -1)
        _, (h_video, _) = self.video_lstm(frames)
        # Packing stops each question at its last word, as Keras's mask_zero does.
        packed = nn.utils.rnn.pack_padded_sequence(self.embedding(question), lengths, batch_first=True, enforce_sorted=False)
        _, (h_question, _) = self.question_lstm(packed)
        x = torch.relu(self.hidden(torch.cat([h_video[-1], h_question[-1]], 1)))
        return self.out(x)

def video_qa_batch():
    lengths = torch.tensor(QA_LENGTHS)
    words = torch.randint(1, 10000, (QA_BATCH, QA_WORDS)) * (torch.arange(QA_WORDS)[None, :] < lengths[:, None])
    return (torch.rand(QA_BATCH, QA_FRAMES, 3, QA_SIZE, QA_SIZE), words, lengths), torch.randint(0, 1000, (QA_BATCH,))

def video_qa():
    return VideoQa(), video_qa_batch, nn.CrossEntropyLoss(), QA_BATCH

def parameter_counts(model):
    """Keras's way of counting: moving statistics are non-trainable weights there, buffers here."""
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    frozen = sum(p.numel() for p in model.parameters() if not p.requires_grad)
    stats = sum(b.numel() for n, b in model.named_buffers() if not n.endswith("num_batches_tracked"))
    return {"total": trainable + frozen + stats, "trainable": trainable}

DEVICE = sys.argv[2] if len(sys.argv) > 2 else "cpu"

def sync():
    if DEVICE == "cuda":
        torch.cuda.synchronize()

def samples_per_second(make, seconds):
    model, batch, loss_fn, size = make()
    model = model.to(DEVICE).train()
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], 1e-3)
    x, y = batch()
    # pack_padded_sequence wants its lengths on the CPU; everything else goes to the device.
    x = tuple(t.to(DEVICE) if t.is_floating_point() or t.dim() > 1 else t for t in x) if isinstance(x, tuple) else (x.to(DEVICE),)
    y = y.to(DEVICE)
    def step():
        optimizer.zero_grad()
        loss_fn(model(*x), y).backward()
        optimizer.step()
    for _ in range(3):
        step()
    steps, start = 0, time.perf_counter()
    sync()
    while time.perf_counter() - start < seconds:
        step(); steps += 1
    sync()
    return steps * size / (time.perf_counter() - start)

def matmul_gflops():
    a, b = torch.rand(1024, 1024, device=DEVICE), torch.rand(1024, 1024, device=DEVICE)
    a @ b
    sync()
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < 1.0:
        a @ b; n += 1
        sync()
    return 2 * 1024 ** 3 * n / (time.perf_counter() - start) / 1e9

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
models = {"MLP": mlp, "CNN": cnn, "EmbeddingLSTM": embed_lstm}
skipped = {}
if TORCHVISION:
    models["VideoQA"] = video_qa
else:
    skipped["VideoQA"] = "torchvision is not installed (Debian: apt-get install python3-torchvision)"
params = {}
for key, make in models.items():
    model = make()[0]
    params[key] = parameter_counts(model)
    if key == "VideoQA":
        params["VideoQA.cnn"] = parameter_counts(model.cnn)
result = {"torch": torch.__version__, "torchvision": TORCHVISION, "device": torch.cuda.get_device_name(0) if DEVICE == "cuda" else "cpu",
          "params": params, "skipped": skipped, "threads": {}}
cpu_threads = tuple(int(t) for t in sys.argv[3].split(",")) if len(sys.argv) > 3 else (1, 2)
for threads in ((1,) if DEVICE == "cuda" else cpu_threads):
    torch.set_num_threads(threads)
    result["threads"][threads] = {**{key: samples_per_second(make, seconds) for key, make in models.items()}, "matmul": matmul_gflops()}
print(json.dumps(result))
