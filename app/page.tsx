import { MODEL_KINDS } from '../shared/constants';
import { CreateRoomForm, JoinRoomForm } from './components/HomeForms';
import { RecentRooms } from './components/RecentRooms';
import { ScatterPreview } from './components/ScatterPreview';

const MODEL_NAMES = { ae: 'Autoencoder (AE)', vae: 'Variational autoencoder (VAE)' } as const;

export default function Home() {
  return (
    <main className="home">
      <header className="intro">
        <h1>Latent playground</h1>
        <p className="lead">
          Two small neural networks have squeezed every handwritten MNIST digit into just two numbers, a point on a
          plane; steer cursors over that plane, alone or with a whole class, and watch each point decode back into a
          digit. Compare a plain autoencoder with a variational one and see for yourself whether only the VAE can
          generate.
        </p>
      </header>

      <div className="home-actions">
        <CreateRoomForm />
        <JoinRoomForm />
      </div>
      <RecentRooms />

      <section className="figures" aria-labelledby="figures-title">
        <h2 id="figures-title">AE and VAE compared</h2>
        <p className="muted">
          Left: the 10,000 test digits encoded to the plane, coloured by digit. Right: what the decoder draws on a
          30 × 30 grid over z ∈ [−4, 4]², as in the original article.
        </p>
        <div className="figure-grid">
          {MODEL_KINDS.map((m) => (
            <figure key={m}>
              <figcaption>{MODEL_NAMES[m]}</figcaption>
              <div className="figure-pair">
                <ScatterPreview model={m} size={300} />
                <img
                  src={`/api/models/${m}/manifold.png?n=30&range=4`}
                  width={300}
                  height={300}
                  alt={`Digits decoded by the ${m.toUpperCase()} on a 30 by 30 grid of the latent plane`}
                  className="manifold-img"
                />
              </div>
            </figure>
          ))}
        </div>
      </section>
    </main>
  );
}
